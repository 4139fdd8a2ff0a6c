import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../../shared/bedrock';
import { parseConfig } from '../../../shared/config';
import { partitionPrefix } from '../../../shared/lake/partition-writer';
import { bedrockInvocations, identityDaily } from '../../../shared/lake/tables';
import { fixedClock } from '../../../shared/ports';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { runQueries } from '../../../shared/sql/finops/run-queries';
import { listUsageDays, type UsageDays, usageDaysOf } from '../../../shared/sql/finops/usage-days';
import { type QueryName, type QueryParams, renderQuery, takesUsageDays } from '../../../shared/sql/queries';
import { generateSyntheticLogs } from '../../../src/demo';
import { writeLake } from '../../support/finops-lake';

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
const FROM = DAYS[0] as string;
const TO = DAYS[3] as string;
/** Every query that reads Bedrock usage per day, with the parameters it takes. */
const SWITCHED = ['allocation', 'unitCosts', 'trends', 'tagCoverage', 'estimateVsBill'] as const;
const params = (from = FROM, to = TO) => ({ from, to, unattributed: 'unattributed' });

/** `name`'s rows over `[from, to]`, each day's usage from the table `days` names (none: the invocations). */
async function rowsOf(engine: DuckDbEngine, name: QueryName, days?: UsageDays, from = FROM, to = TO) {
  const sql = renderQuery(name, params(from, to) as QueryParams<typeof name>, days);
  return (await engine.query(sql)).rows;
}

/** An ingested synthetic organisation over four days, with a bill on the first three. */
async function ingestedLake(dir: string): Promise<string> {
  const raw = new FolderStore(join(dir, 'raw'));
  const lake = join(dir, 'lake');
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 23,
    start: new Date(`${FROM}T00:00:00Z`),
    hours: 24 * DAYS.length,
    invocationsPerHour: 40,
    bodies: 'small',
  });
  await ingestBedrockLogs({
    source: raw,
    store: new FolderStore(lake),
    config: parseConfig(truth.config),
    clock: fixedClock('2026-03-06T00:00:00Z'),
  });
  writeLake({
    dir: lake,
    prices: shippedPriceBook(),
    costs: DAYS.slice(0, 3).flatMap((day, d) => [
      { day, service: 'Amazon Bedrock', usageType: 'USE1-Claude4.5Sonnet-input-tokens', cost: `3.14159${d}` },
      { day, service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-output-tokens', cost: `0.27182${d}` },
    ]),
  });
  return lake;
}

describe('the usage queries read identity_daily where a day has it', () => {
  let dir: string;
  let engine: DuckDbEngine;
  let store: FolderStore;
  const before = new Map<QueryName, Record<string, unknown>[]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'usage-days-'));
    const lake = await ingestedLake(join(dir, 'full'));
    store = new FolderStore(lake);
    engine = await DuckDbEngine.open(lake);
    for (const name of SWITCHED) before.set(name, await rowsOf(engine, name));
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every ingested day as one to read from identity_daily', async () => {
    expect(await listUsageDays(store, FROM, TO)).toEqual({ identityDaily: DAYS, invocations: [] });
    expect(await listUsageDays(store, DAYS[1] as string, DAYS[2] as string)).toEqual({
      identityDaily: DAYS.slice(1, 3),
      invocations: [],
    });
  });

  it.each(SWITCHED)(
    '%s returns the rows it returns from bedrock_invocations, cell for cell',
    async (name) => {
      const days = await listUsageDays(store, FROM, TO);
      const sql = renderQuery(name, params() as QueryParams<typeof name>, days);
      expect(sql).toContain(`dt IN ('${DAYS.join("', '")}')`);
      expect(sql).not.toMatch(/FROM bedrock_invocations/);
      const raw = before.get(name) ?? [];
      expect(raw.length).toBeGreaterThan(3);
      expect(await rowsOf(engine, name, days)).toEqual(raw);
    },
  );

  it('covers untagged callers and billed days (the comparison has something to compare)', () => {
    const coverage = before.get('tagCoverage') ?? [];
    expect(coverage.filter((r) => r.caller !== null).length).toBeGreaterThan(0);
    const allocation = before.get('allocation') ?? [];
    expect(new Set(allocation.map((r) => r.estimated))).toEqual(new Set([true, false]));
  });

  describe('a lake where some days have no identity_daily', () => {
    let partial: DuckDbEngine;
    let partialStore: FolderStore;
    beforeAll(async () => {
      const lake = join(dir, 'partial');
      cpSync(join(dir, 'full', 'lake'), lake, { recursive: true, preserveTimestamps: true });
      partialStore = new FolderStore(lake);
      // Days 2 and 4 were rebuilt before identity_daily existed.
      for (const day of [DAYS[1], DAYS[3]] as string[]) {
        const keys: string[] = [];
        for await (const o of partialStore.list(partitionPrefix(identityDaily, day))) keys.push(o.key);
        expect(keys.length).toBeGreaterThan(0);
        await partialStore.delete(keys);
      }
      // Day 3's invocations were rewritten after its aggregate (a rebuild that failed before the
      // aggregate): the aggregate is stale and must not be read.
      const day3 = join(lake, partitionPrefix(bedrockInvocations, DAYS[2] as string));
      const later = new Date(Date.now() + 60_000);
      for (const name of readdirSync(day3)) utimesSync(join(day3, name), later, later);
      partial = await DuckDbEngine.open(lake);
    });
    afterAll(() => partial?.close());

    it('reads those days, and the day whose aggregate is older than its invocations, from bedrock_invocations', async () => {
      expect(await listUsageDays(partialStore, FROM, TO)).toEqual({
        identityDaily: [DAYS[0]],
        invocations: [DAYS[1], DAYS[2], DAYS[3]],
      });
    });

    it.each(SWITCHED)('%s returns the same rows', async (name) => {
      const days = await listUsageDays(partialStore, FROM, TO);
      expect(await rowsOf(partial, name, days)).toEqual(before.get(name));
    });

    it('would drop their cost read from identity_daily alone', async () => {
      const sum = (rows: Record<string, unknown>[], day: string) =>
        rows
          .filter((r) => String(r.usage_date).startsWith(day))
          .reduce((n, r) => n + BigInt(String(r.invocations)), 0n);
      const aggregateOnly = await rowsOf(partial, 'allocation', { identityDaily: DAYS, invocations: [] });
      const truth = before.get('allocation') ?? [];
      expect(sum(truth, DAYS[1] as string)).toBeGreaterThan(0n);
      expect(sum(aggregateOnly, DAYS[1] as string)).toBe(0n);
    });

    it('runs through runQueries with the listing of the lake', async () => {
      const listed = await runQueries(partial, ['allocation', 'trends'], params(), usageDaysOf(partialStore));
      expect(listed.results.map((r) => r.result.rows)).toEqual([
        before.get('allocation'),
        before.get('trends'),
      ]);
    });
  });

  describe('a window with no aggregate at all', () => {
    let old: DuckDbEngine;
    let oldStore: FolderStore;
    beforeAll(async () => {
      const lake = join(dir, 'old');
      cpSync(join(dir, 'full', 'lake'), lake, { recursive: true, preserveTimestamps: true });
      rmSync(join(lake, 'identity_daily'), { recursive: true, force: true });
      oldStore = new FolderStore(lake);
      old = await DuckDbEngine.open(lake);
    });
    afterAll(() => old?.close());

    it.each(SWITCHED)('%s reads every day from bedrock_invocations, same rows', async (name) => {
      const days = await listUsageDays(oldStore, FROM, TO);
      expect(days).toEqual({ identityDaily: [], invocations: DAYS });
      const sql = renderQuery(name, params() as QueryParams<typeof name>, days);
      expect(sql).not.toContain('identity_daily');
      expect(await rowsOf(old, name, days)).toEqual(before.get(name));
    });

    it('gives the rows of a window with no usage partition at all', async () => {
      const empty = await listUsageDays(oldStore, '2026-02-01', '2026-02-28');
      expect(empty).toEqual({ identityDaily: [], invocations: [] });
      for (const name of SWITCHED) {
        const rows = await rowsOf(old, name, empty, '2026-02-01', '2026-02-28');
        expect(rows).toEqual(await rowsOf(old, name, undefined, '2026-02-01', '2026-02-28'));
      }
    });
  });
});

describe('the SQL with usage days', () => {
  const trino = new TrinoSQL();
  const splits: [string, UsageDays][] = [
    ['both tables', { identityDaily: ['2026-03-01', '2026-03-03'], invocations: ['2026-03-02'] }],
    ['identity_daily only', { identityDaily: ['2026-03-01'], invocations: [] }],
    ['bedrock_invocations only', { identityDaily: [], invocations: ['2026-03-02'] }],
    ['no day', { identityDaily: [], invocations: [] }],
  ];

  it.each(SWITCHED.flatMap((name) => splits.map(([what, days]) => [name, what, days] as const)))(
    '%s from %s parses as Trino and names its days as literals',
    (name, _what, days) => {
      expect(takesUsageDays(name)).toBe(true);
      const sql = renderQuery(name, { from: '2026-03-01', to: '2026-03-31', unattributed: 'u' }, days);
      expect(trino.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`)).toEqual([]);
      for (const list of [days.identityDaily, days.invocations]) {
        if (list.length > 0) expect(sql).toContain(`dt IN ('${list.join("', '")}')`);
      }
      expect(sql).not.toMatch(/dt IN \(\s*SELECT/i);
    },
  );

  it('rejects a day that is not a calendar day', () => {
    expect(() =>
      renderQuery(
        'allocation',
        { from: '2026-03-01', to: '2026-03-31', unattributed: 'u' },
        { identityDaily: ["2026-03-01') OR (1=1"], invocations: [] },
      ),
    ).toThrow(/date/);
  });

  it('leaves the queries that read no usage per day alone', () => {
    expect(takesUsageDays('gpuEfficiency')).toBe(false);
    expect(takesUsageDays('guardrailAllocation')).toBe(false);
  });
});
