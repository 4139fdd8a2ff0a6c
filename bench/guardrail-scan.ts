/**
 * What one guardrails run reads, over a lake the demo made: `npx tsx bench/guardrail-scan.ts [LAKE]`
 * (default `.genai-finops/demo/lake`). Runs the budget statuses with identity usage (both guardrails
 * queries, as every 15-minute run does) at the lake's last day and prints each query's bytes (DuckDB's
 * upper bound: every Parquet file of each table the query names, as Athena would bill them before
 * column and partition pruning) and time; then the same two reads from bedrock_invocations, as
 * guardrails made them before identity_daily; and identity_daily's rows and bytes per team-day, the
 * figure the cost estimate scales by teams (shared/estimate/measured.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '../shared/adapters/local/duckdb-engine';
import { num, str } from '../shared/anomaly/sql';
import { guardrailsSchema } from '../shared/config/guardrails-schema';
import { budgetStatuses } from '../shared/guardrails/run-guardrails';
import type { QueryEngine, QueryResult } from '../shared/ports/query-engine';
import { shippedPriceBook } from '../shared/pricing/shipped-book';
import { renderQuery } from '../shared/sql/queries';

/** The identity read guardrails made from the raw table before identity_daily (for comparison). */
const RAW_IDENTITY_SQL = (from: string, to: string) => `SELECT
  CAST(dt AS DATE) AS usage_date, COALESCE(identity_arn, '') AS identity_arn, account_id, region, model,
  team, feature, environment, COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens, CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
FROM bedrock_invocations WHERE dt BETWEEN '${from}' AND '${to}' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

const bytesOf = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);

/** Wraps an engine to record each query's bytes and time. */
function recording(engine: QueryEngine, log: { sql: string; bytes: number; ms: number }[]): QueryEngine {
  return {
    ...engine,
    query: async (sql: string): Promise<QueryResult> => {
      const t = performance.now();
      const result = await engine.query(sql);
      log.push({ sql, bytes: result.bytesScanned, ms: performance.now() - t });
      return result;
    },
  } as QueryEngine;
}

async function main(): Promise<void> {
  const lake = resolve(process.argv[2] ?? '.genai-finops/demo/lake');
  const engine = await DuckDbEngine.open(lake);
  try {
    const last = await engine.query('SELECT MAX(dt) AS dt, COUNT(DISTINCT dt) AS days FROM identity_daily');
    const day = str(last.rows[0]?.dt);
    const at = new Date(`${day}T23:00:00Z`);
    const log: { sql: string; bytes: number; ms: number }[] = [];
    const tally = { queries: 0, bytesScanned: 0 };
    const config = guardrailsSchema.parse({});
    const { calls } = await budgetStatuses(
      { engine: recording(engine, log), priceBook: shippedPriceBook() },
      { config, at, unattributed: 'unattributed' },
      tally,
      true,
    );
    const from = `${day.slice(0, 8)}01`;
    const windowFrom = new Date(Date.parse(`${from}T00:00:00Z`) - 28 * 86_400_000).toISOString().slice(0, 10);
    console.log(
      `guardrails run at ${at.toISOString()} over ${windowFrom} .. ${day} (${calls.length} identity rows)`,
    );
    for (const q of log)
      console.log(
        `  now:    ${q.sql.includes('allocated') ? 'allocation    ' : 'identity usage'} ${q.bytes.toLocaleString('en-US').padStart(12)} bytes ${q.ms.toFixed(0).padStart(5)} ms`,
      );
    const before = [
      renderQuery('allocation', { from: windowFrom, to: day, unattributed: 'unattributed' }),
      RAW_IDENTITY_SQL(windowFrom, day),
    ];
    for (const [i, sql] of before.entries()) {
      const t = performance.now();
      const r = await engine.query(sql);
      console.log(
        `  before: ${i === 0 ? 'allocation    ' : 'identity usage'} ${r.bytesScanned.toLocaleString('en-US').padStart(12)} bytes ${(performance.now() - t).toFixed(0).padStart(5)} ms`,
      );
    }
    const shape = await engine.query(
      'SELECT COUNT(*) AS n, COUNT(DISTINCT team) AS teams, COUNT(DISTINCT dt) AS days FROM identity_daily',
    );
    const rows = num(shape.rows[0]?.n);
    const teams = num(shape.rows[0]?.teams);
    const days = num(shape.rows[0]?.days);
    const bytes = bytesOf(join(lake, 'identity_daily'));
    const raw = bytesOf(join(lake, 'bedrock_invocations'));
    console.log(
      `identity_daily: ${rows} rows, ${bytes.toLocaleString('en-US')} bytes over ${days} days and ${teams} teams: ` +
        `${(rows / days / teams).toFixed(1)} rows and ${Math.round(bytes / days / teams)} bytes per team-day ` +
        `(bedrock_invocations: ${raw.toLocaleString('en-US')} bytes, ${(raw / bytes).toFixed(0)}x)`,
    );
  } finally {
    await engine.close();
  }
}

await main();
