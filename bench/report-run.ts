/**
 * The scheduled report run's queries (issue 12 in the report): for the weekly and the monthly run
 * over the cached 30-day lake of ~1M invocations a day that `bench/finops-queries.ts` builds, each
 * query the run sends (the report's shipped queries and recommend's own), the Athena bytes it would
 * bill (touched columns of touched partitions from the Parquet footers, at least 10 MB a query),
 * DuckDB's wall time, and what the recommendations add. Run alone: `npx tsx bench/report-run.ts`
 * (after `npx tsx bench/finops-queries.ts` has built `.tmp/bench/finops/`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '../shared/adapters/local/duckdb-engine';
import { FileNotifier } from '../shared/adapters/local/file-notifier';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { parseConfig } from '../shared/config';
import { curatedTables } from '../shared/lake/tables';
import type { QueryEngine, QueryResult } from '../shared/ports/query-engine';
import { recommendSql } from '../shared/recommend/recommend-sql';
import type { ReportPeriod } from '../shared/report-run/last-period';
import { runScheduledReport } from '../shared/report-run/run-report';
import { queries } from '../shared/sql/queries';
import { columnsNamed, touchedBytes } from './parquet-bytes';

const LAKE = resolve('.tmp/bench/finops/lake');
const MB = 1_000_000;
const ATHENA_MIN = 10 * MB;
const DOLLARS_PER_TB = 5;

/** Every SQL template the run may send, by name: the shipped queries and recommend's own. */
const TEMPLATES: [string, string, boolean][] = [
  ...Object.entries(queries).map(([name, q]) => [name, q.sql, false] as [string, string, boolean]),
  ...Object.entries(recommendSql).map(([name, q]) => [name, q.sql, true] as [string, string, boolean]),
];

/** The template a rendered SQL text came from: all its fixed parts in order, the longest match winning. */
function nameOf(sql: string): { name: string; recommend: boolean } {
  let best = { name: '(unknown)', recommend: false, length: -1 };
  for (const [name, template, recommend] of TEMPLATES) {
    let at = 0;
    const fits = template.split(/\{\{\w+\}\}/).every((part) => {
      const found = sql.indexOf(part, at);
      at = found + part.length;
      return found >= 0;
    });
    if (fits && template.length > best.length) best = { name, recommend, length: template.length };
  }
  return best;
}

/** Bytes Athena would scan for `sql`: the columns it names in the partitions its dt bounds keep. */
async function athenaBytes(sql: string): Promise<number> {
  const ranges = [...sql.matchAll(/dt BETWEEN '(\d{4}-\d\d-\d\d)' AND '(\d{4}-\d\d-\d\d)'/g)].map((m) => [
    m[1] ?? '',
    m[2] ?? '',
  ]);
  const keep = (dt: string) =>
    ranges.length === 0 || ranges.some(([a, b]) => dt >= (a ?? '') && dt <= (b ?? ''));
  let total = 0;
  for (const table of curatedTables) {
    if (!new RegExp(`\\b${table.name}\\b`).test(sql)) continue;
    total += (await touchedBytes(LAKE, table, [...columnsNamed(sql, table), table.partitionKey], keep)).bytes;
  }
  return total;
}

interface Sent {
  sql: string;
  ms: number;
  result: QueryResult;
}

/** The engine under the run's ledger: what reaches it is what Athena would be sent. */
function recording(engine: QueryEngine, sent: Sent[]): QueryEngine {
  return {
    async query(sql) {
      const start = performance.now();
      const result = await engine.query(sql);
      sent.push({ sql, ms: performance.now() - start, result });
      return result;
    },
    close: () => engine.close(),
  };
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function benchPeriod(engine: DuckDbEngine, period: ReportPeriod, at: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'report-run-'));
  const sent: Sent[] = [];
  const start = performance.now();
  const summary = await runScheduledReport(
    {
      engine: recording(engine, sent),
      store: new FolderStore(join(out, 'store')),
      signer: {
        sign: async (key, seconds) => ({
          url: `file://${key}`,
          expiresAt: new Date(Date.parse(at) + seconds * 1000),
        }),
      },
      notifier: new FileNotifier(join(out, 'sent.jsonl'), () => undefined),
      config: parseConfig({}),
      at: new Date(at),
      now: new Date(at),
      billingAccountId: '111122223333',
      emit: () => undefined,
    },
    period,
  );
  const wall = performance.now() - start;
  process.stdout.write(
    `\n${period === 'week' ? 'Weekly' : 'Monthly'} report ${summary.window.from} to ${summary.window.to}: ${summary.queries.sent} queries sent, ${summary.queries.reused} answered from the run's earlier results, ${(wall / 1000).toFixed(1)} s in all (DuckDB, 2 cores)\n`,
  );
  process.stdout.write(`  recommendations: ${JSON.stringify(summary.recommendations)}\n`);
  const totals = { report: { n: 0, billed: 0, ms: 0 }, recommend: { n: 0, billed: 0, ms: 0 } };
  for (const s of sent) {
    const { name, recommend } = nameOf(s.sql);
    const bytes = await athenaBytes(s.sql);
    const billed = Math.max(ATHENA_MIN, Math.ceil(bytes / MB) * MB);
    const t = totals[recommend ? 'recommend' : 'report'];
    t.n++;
    t.billed += billed;
    t.ms += s.ms;
    process.stdout.write(
      `  ${(recommend ? 'recommend ' : 'report    ') + name.padEnd(20)} touches ${mb(bytes).padStart(9)}, Athena bills ${mb(billed).padStart(9)}; DuckDB ${(s.ms / 1000).toFixed(2)} s, ${s.result.rows.length} rows\n`,
    );
  }
  for (const [what, t] of Object.entries(totals))
    process.stdout.write(
      `  ${what.padEnd(9)}: ${t.n} queries, ${mb(t.billed)} billed = $${((t.billed / 1e12) * DOLLARS_PER_TB).toFixed(5)} a run; ${(t.ms / 1000).toFixed(1)} s\n`,
    );
}

if (!existsSync(join(LAKE, '..', 'ready.json'))) {
  process.stdout.write(
    'No bench lake: run `npx tsx bench/finops-queries.ts` first (it builds .tmp/bench/finops/).\n',
  );
  process.exit(1);
}
const engine = await DuckDbEngine.open(LAKE);
try {
  // The lake holds 2026-03-01 to 2026-03-30: the last full week before Monday 03-30, and March.
  await benchPeriod(engine, 'week', '2026-03-30T06:00:00Z');
  await benchPeriod(engine, 'month', '2026-04-01T06:00:00Z');
} finally {
  await engine.close();
}
