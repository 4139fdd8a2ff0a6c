/**
 * What a report's queries read, before and after they read `identity_daily` where a day has it:
 * `npx tsx bench/report-scan.ts [LAKE]` (default `.genai-finops/demo/lake`; make one with
 * `genai-finops demo --days 35`). Collects the report of the lake's last full week (its queries, the
 * previous week's allocation, the trends window) and the recommendations over that week twice — every
 * day from `bedrock_invocations`, then with the lake's listing (`usageDaysOf`) — checks that both
 * give the same rows, and prints per query the bytes of the usage partitions it reads (whole Parquet
 * files of `bedrock_invocations` and `identity_daily` in the days it names: what Athena would bill
 * before column pruning) and its time. Then the bytes per day of each table, the figures the cost
 * estimate scales (shared/estimate/measured.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { str } from '../shared/anomaly/sql';
import { parseConfig } from '../shared/config';
import type { QueryEngine, QueryResult } from '../shared/ports/query-engine';
import { collectRecommendations } from '../shared/recommend/collect-recommendations';
import { collectReport } from '../shared/report/collect-report';
import { type UsageDaysOf, usageDaysOf } from '../shared/sql/finops/usage-days';

const USAGE_TABLES = ['bedrock_invocations', 'identity_daily'] as const;
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Bytes of each partition (day) of `table`'s Parquet files. */
function partitionBytes(lake: string, table: string): Map<string, number> {
  const out = new Map<string, number>();
  let folders: string[] = [];
  try {
    folders = readdirSync(join(lake, table)).filter((f) => f.startsWith('dt='));
  } catch {
    return out;
  }
  for (const folder of folders) {
    const dir = join(lake, table, folder);
    const bytes = readdirSync(dir)
      .filter((f) => f.endsWith('.parquet'))
      .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    out.set(folder.slice(3), bytes);
  }
  return out;
}

/**
 * The bytes of usage partitions `sql` reads: for each `FROM <usage table> … WHERE dt BETWEEN a AND b
 * [AND dt IN (…)]`, the partitions of the listed days (or of every day from a to b).
 */
function usageBytes(sql: string, parts: Record<string, Map<string, number>>): number {
  const read =
    /FROM (bedrock_invocations|identity_daily)\s+WHERE dt BETWEEN '([-0-9]+)' AND '([-0-9]+)'(?: AND dt IN \(([^)]*)\))?/g;
  let bytes = 0;
  for (const m of sql.matchAll(read)) {
    const [, table, from, to, list] = m as unknown as [string, string, string, string, string | undefined];
    const listed = list ? new Set(list.split(',').map((d) => d.trim().replace(/'/g, ''))) : undefined;
    for (const [d, b] of parts[table] ?? new Map<string, number>()) {
      if (d >= from && d <= to && (!listed || listed.has(d))) bytes += b;
    }
  }
  return bytes;
}

interface Logged {
  sql: string;
  ms: number;
  rows: QueryResult['rows'];
}

function recording(engine: QueryEngine, log: Logged[]): QueryEngine {
  return {
    query: async (sql: string) => {
      const t = performance.now();
      const result = await engine.query(sql);
      log.push({ sql, ms: performance.now() - t, rows: result.rows });
      return result;
    },
    close: () => engine.close(),
  };
}

/** The query a logged SQL text is, by what it ends with (the shipped queries' last clause). */
function nameOf(sql: string): string {
  const ends: [RegExp, string][] = [
    [/FROM allocated\s+ORDER BY usage_date, model/, 'allocation'],
    [/LEFT JOIN outcomes AS o/, 'unit-costs'],
    [/FROM compared\s+ORDER BY period/, 'trends'],
    [/LEFT JOIN caller_cost AS c/, 'tag-coverage'],
    [/ORDER BY c\.usage_date, c\.model, c\.token_type/, 'estimate-vs-bill'],
    [/FROM gpu_hourly/, 'gpu-efficiency / recommend (GPU)'],
    [/FROM bedrock_invocations/, 'recommend (invocations)'],
  ];
  return ends.find(([re]) => re.test(sql))?.[1] ?? 'recommend (other)';
}

async function run(engine: QueryEngine, window: { from: string; to: string }, usageDays?: UsageDaysOf) {
  const log: Logged[] = [];
  const recorded = recording(engine, log);
  const config = parseConfig({});
  const t = performance.now();
  await collectReport(recorded, window, {
    unattributed: config.attribution.unattributed,
    gapPct: config.pricing.estimateGapPct,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
    ...(usageDays ? { usageDays } : {}),
  });
  await collectRecommendations(recorded, {
    ...window,
    unattributed: config.attribution.unattributed,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
    recommend: config.recommend,
    ...(usageDays ? { usageDays } : {}),
  });
  return { log, ms: performance.now() - t };
}

async function main(): Promise<void> {
  const lake = resolve(process.argv[2] ?? '.genai-finops/demo/lake');
  const engine = await DuckDbEngine.open(lake);
  try {
    const last = str((await engine.query('SELECT MAX(dt) AS dt FROM bedrock_invocations')).rows[0]?.dt);
    // The last full ISO week (Monday to Sunday) in the lake.
    const lastMs = Date.parse(`${last}T00:00:00Z`);
    const sunday = lastMs - ((new Date(lastMs).getUTCDay() + 7) % 7) * DAY_MS;
    const window = { from: day(sunday - 6 * DAY_MS), to: day(sunday) };
    const parts = Object.fromEntries(USAGE_TABLES.map((t) => [t, partitionBytes(lake, t)]));
    const before = await run(engine, window);
    const after = await run(engine, window, usageDaysOf(new FolderStore(lake)));
    // Queries whose SQL did not change are not compared: recommend's p95 prompt size is an
    // approx_percentile, which DuckDB may answer a little differently run to run.
    const differ = before.log
      .map((q, i) => {
        const a = after.log[i];
        const same = !a || a.sql === q.sql || JSON.stringify(a.rows) === JSON.stringify(q.rows);
        return same ? '' : nameOf(q.sql);
      })
      .filter((n) => n !== '');
    const switched = before.log.filter((q, i) => after.log[i]?.sql !== q.sql).length;
    console.log(`report of ${window.from} .. ${window.to} and its recommendations, lake ${lake}`);
    console.log(
      `same rows from the ${switched} queries given the usage days: ${before.log.length === after.log.length && differ.length === 0 ? 'yes' : `NO (${differ.join(', ')})`}`,
    );
    console.log(
      `${'query'.padEnd(34)} ${'before B'.padStart(12)} ${'after B'.padStart(12)}  before ms  after ms`,
    );
    let totalBefore = 0;
    let totalAfter = 0;
    before.log.forEach((q, i) => {
      const a = after.log[i] as Logged;
      const b0 = usageBytes(q.sql, parts);
      const b1 = usageBytes(a.sql, parts);
      totalBefore += b0;
      totalAfter += b1;
      console.log(
        `${nameOf(q.sql).padEnd(34)} ${b0.toLocaleString('en-US').padStart(12)} ${b1.toLocaleString('en-US').padStart(12)} ${q.ms.toFixed(0).padStart(10)} ${a.ms.toFixed(0).padStart(9)}`,
      );
    });
    console.log(
      `${'total'.padEnd(34)} ${totalBefore.toLocaleString('en-US').padStart(12)} ${totalAfter.toLocaleString('en-US').padStart(12)} ${before.ms.toFixed(0).padStart(10)} ${after.ms.toFixed(0).padStart(9)}`,
    );
    for (const table of USAGE_TABLES) {
      const p = parts[table] as Map<string, number>;
      const bytes = [...p.values()].reduce((n, b) => n + b, 0);
      console.log(
        `${table}: ${p.size} days, ${Math.round(bytes / Math.max(1, p.size)).toLocaleString('en-US')} B a day`,
      );
    }
    const invocations = (await engine.query('SELECT COUNT(*) AS n FROM bedrock_invocations')).rows[0]?.n;
    console.log(`bedrock_invocations: ${String(invocations)} rows`);
  } finally {
    await engine.close();
  }
}

await main();
