import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { type AppConfig, parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { renderQuery } from '../../shared/sql/queries';
import { generateSyntheticLogs } from '../../src/demo';
import { writeLake } from '../support/finops-lake';
import { renderedQueries } from '../support/shipped-queries';

let engine: DuckDbEngine;
let config: AppConfig;
/** The day the synthetic traffic covers, and the label this lake was configured with. */
const day = { from: '2026-03-02', to: '2026-03-02' };
const LABEL = 'no-owner-yet';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipped-'));
  const raw = new FolderStore(join(dir, 'raw'));
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 5,
    start: new Date('2026-03-02T00:00:00Z'),
    hours: 24,
    invocationsPerHour: 60,
    bodies: 'small',
  });
  // A label other than the default, so the test shows the query takes it from the configuration.
  config = parseConfig({
    ...truth.config,
    attribution: { ...truth.config.attribution, unattributed: LABEL },
  });
  await ingestBedrockLogs({
    source: raw,
    store: new FolderStore(join(dir, 'lake')),
    config,
    clock: fixedClock('2026-03-03T00:00:00Z'),
  });
  // The cost queries also read prices and GPU hours: the shipped book and one GPU hour.
  writeLake({
    dir: join(dir, 'lake'),
    prices: shippedPriceBook(),
    gpu: [{ hour: '2026-03-02T10:00:00Z', resourceId: 'i-0abc', instanceType: 'g5.xlarge', util: 40 }],
  });
  engine = await DuckDbEngine.open(join(dir, 'lake'));
});
afterAll(async () => {
  await engine?.close();
});

describe('shipped queries on an ingested synthetic organisation', () => {
  it.each(renderedQueries({ ...day, unattributed: LABEL }))('%s returns rows', async (_name, sql) => {
    expect((await engine.query(sql)).rows.length).toBeGreaterThan(0);
  });

  it('groups the sessions of an assumed role into the role, as an identity rule would match it', async () => {
    const sql = renderQuery('unattributedCallers', { ...day, unattributed: config.attribution.unattributed });
    const rows = (await engine.query(sql)).rows;
    const callers = rows.map((r) => r.caller as string);
    expect(callers.some((c) => /:assumed-role\/[^/]+\/\*$/.test(c))).toBe(true);
    expect(new Set(callers).size).toBe(callers.length);
    const all = await engine.query(`SELECT COUNT(*) AS n FROM bedrock_invocations WHERE team = '${LABEL}'`);
    expect(rows.reduce((n, r) => n + (r.invocations as number), 0)).toBeLessThanOrEqual(
      all.rows[0]?.n as number,
    );
  });

  it('finds unattributed callers by the configured label, not a hard-coded one', async () => {
    const configured = renderQuery('unattributedCallers', {
      ...day,
      unattributed: config.attribution.unattributed,
    });
    const hardCoded = renderQuery('unattributedCallers', { ...day, unattributed: 'unattributed' });
    expect((await engine.query(configured)).rows.length).toBeGreaterThan(0);
    expect((await engine.query(hardCoded)).rows).toEqual([]);
  });

  it('takes the limit as a parameter', async () => {
    const params = { ...day, unattributed: LABEL };
    const five = await engine.query(renderQuery('unattributedCallers', params));
    const one = await engine.query(renderQuery('unattributedCallers', { ...params, limit: 1 }));
    expect(five.rows.length).toBeGreaterThan(1);
    expect(one.rows).toEqual(five.rows.slice(0, 1));
  });

  it('reads only the days in the range', async () => {
    const inRange = await engine.query(renderQuery('usageByDay', day));
    expect(inRange.rows.map((r) => r.dt)).toEqual(['2026-03-02']);
    const before = await engine.query(renderQuery('usageByDay', { from: '2026-02-01', to: '2026-03-01' }));
    expect(before.rows).toEqual([]);
  });
});
