import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import { queries } from '../../shared/sql/queries';
import { generateSyntheticLogs } from '../../src/demo';

let engine: DuckDbEngine;

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
  await ingestBedrockLogs({
    source: raw,
    store: new FolderStore(join(dir, 'lake')),
    config: parseConfig(truth.config),
    clock: fixedClock('2026-03-03T00:00:00Z'),
  });
  engine = await DuckDbEngine.open(join(dir, 'lake'));
});
afterAll(async () => {
  await engine?.close();
});

describe('shipped queries on an ingested synthetic organisation', () => {
  it.each(Object.entries(queries))('%s returns rows', async (_name, sql) => {
    expect((await engine.query(sql)).rows.length).toBeGreaterThan(0);
  });

  it('groups the sessions of an assumed role into the role, as an identity rule would match it', async () => {
    const rows = (await engine.query(queries.unattributedCallers)).rows;
    const callers = rows.map((r) => r.caller as string);
    expect(callers.some((c) => /:assumed-role\/[^/]+\/\*$/.test(c))).toBe(true);
    expect(new Set(callers).size).toBe(callers.length);
    const all = await engine.query(
      "SELECT COUNT(*) AS n FROM bedrock_invocations WHERE team = 'unattributed'",
    );
    expect(rows.reduce((n, r) => n + (r.invocations as number), 0)).toBeLessThanOrEqual(
      all.rows[0]?.n as number,
    );
  });
});
