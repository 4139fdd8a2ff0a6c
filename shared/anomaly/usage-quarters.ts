import { DAY_MS, dayOf } from '../lake/utc';
import type { QueryEngine } from '../ports/query-engine';
import { num, type QueryTally, runWindowed } from './sql';
import type { UnitPrices } from './unit-prices';
import {
  addUsageRow,
  dimensionsKey,
  emptyCell,
  rowDimensions,
  type UsageCell,
  type UsageSeries,
} from './usage-series';
import { type DetectionWindow, parseSqlTimestamp } from './window';

/** A quarter hour in milliseconds: the grain of `usage_hourly` and of the ingest schedule. */
export const QUARTER_MS = 15 * 60_000;

/** One series' quarter hours that the hourly series does not judge yet (its hours are not complete). */
export interface QuarterUsage {
  dimensions: UsageSeries['dimensions'];
  /** Quarter starts (epoch ms) → usage, for quarters that have ended by the run's time. */
  quarters: Map<number, UsageCell>;
  priced: boolean;
  /** Each quarter's usual share of its hour (minute 0, 15, 30, 45), from the week before. */
  shares: QuarterShares;
}

/** The usual share of an hour's tokens and calls that falls in each of its quarters. */
export interface QuarterShares {
  tokens: readonly number[];
  invocations: readonly number[];
}

/** Days of history the quarter shares come from. */
export const SHARE_DAYS = 7;
/** Shares are smoothed towards an even split by this many hours' worth of calls (few calls say little). */
const SHARE_PRIOR_HOURS = 4;
const EVEN: QuarterShares = { tokens: [0.25, 0.25, 0.25, 0.25], invocations: [0.25, 0.25, 0.25, 0.25] };

const SHARES_SQL = `SELECT team, feature, environment, model, minute,
  CAST(SUM(invocations) AS BIGINT) AS invocations,
  CAST(SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS tokens,
  COUNT(DISTINCT hour) AS hours
FROM usage_hourly
WHERE dt BETWEEN {{from}} AND {{to}} AND hour < CAST({{before}} AS TIMESTAMP)
GROUP BY team, feature, environment, model, minute`;

// Quarter rows as stored, Region kept so each is priced at its own rate.
const QUARTER_SQL = `SELECT
  hour, minute, region, team, feature, environment, model,
  CAST(SUM(invocations) AS BIGINT) AS invocations,
  CAST(SUM(errors) AS BIGINT) AS errors,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
FROM usage_hourly
WHERE dt BETWEEN {{from}} AND {{to}}
GROUP BY hour, minute, region, team, feature, environment, model`;

/**
 * Reads the quarter hours from the first hour the hourly series leaves out (`completeBefore`) up to
 * the run's time, per team × feature × environment × model: one or two days' partitions, so a run
 * still reads kilobytes. Only quarters that have ended count; a quarter without rows is absent
 * (zero use), which early detection never judges (it looks for rises only).
 */
export async function readQuarterUsage(
  engine: QueryEngine,
  tally: QueryTally,
  window: DetectionWindow,
  prices: UnitPrices,
): Promise<Map<string, QuarterUsage>> {
  const range = { from: dayOf(window.completeBefore), to: dayOf(window.at) };
  const rows = await runWindowed(engine, tally, range, QUARTER_SQL);
  const out = new Map<string, QuarterUsage>();
  if (rows.length === 0) return out;
  const shares = await readShares(engine, tally, window.completeBefore);
  for (const row of rows) {
    const start = parseSqlTimestamp(row.hour) + Number(row.minute ?? 0) * 60_000;
    if (!(start >= window.completeBefore && start + QUARTER_MS <= window.at)) continue;
    const dims = rowDimensions(row);
    const key = dimensionsKey(dims);
    let entry = out.get(key);
    if (!entry) {
      entry = { dimensions: dims, quarters: new Map(), priced: true, shares: shares.get(key) ?? EVEN };
      out.set(key, entry);
    }
    const cell = entry.quarters.get(start) ?? emptyCell();
    if (!addUsageRow(cell, row, prices)) entry.priced = false;
    entry.quarters.set(start, cell);
  }
  return out;
}

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * Each series' usual split of an hour over its quarters, from the week before `before`: 4 rows a
 * series. Calls logged at the top of the hour (a job at :00) make the first quarter the whole hour,
 * and such a quarter is then no spike.
 */
async function readShares(
  engine: QueryEngine,
  tally: QueryTally,
  before: number,
): Promise<Map<string, QuarterShares>> {
  const rows = await runWindowed(
    engine,
    tally,
    { from: dayOf(before - SHARE_DAYS * DAY_MS), to: dayOf(before) },
    SHARES_SQL,
    { before: { kind: 'string' } } as const,
    { before: sqlTime(before) },
  );
  const sums = new Map<string, { tokens: number[]; invocations: number[]; hours: number }>();
  for (const row of rows) {
    const key = dimensionsKey(rowDimensions(row));
    const q = Math.floor(num(row.minute) / 15);
    if (!(q >= 0 && q < 4)) continue;
    let s = sums.get(key);
    if (!s) {
      s = { tokens: [0, 0, 0, 0], invocations: [0, 0, 0, 0], hours: 0 };
      sums.set(key, s);
    }
    s.tokens[q] = num(row.tokens);
    s.invocations[q] = num(row.invocations);
    s.hours = Math.max(s.hours, num(row.hours));
  }
  const out = new Map<string, QuarterShares>();
  for (const [key, s] of sums) {
    const smooth = (v: number[]) => {
      const total = v.reduce((a, b) => a + b, 0);
      const hours = Math.max(1, s.hours);
      const prior = (SHARE_PRIOR_HOURS * total) / hours;
      return v.map((x) => (x + prior / 4) / (total + prior));
    };
    out.set(key, { tokens: smooth(s.tokens), invocations: smooth(s.invocations) });
  }
  return out;
}
