import { DAY_MS, dayOf } from '../lake/utc';
import type { SqlValue } from '../ports/query-engine';
import { num } from './sql';
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

/**
 * The first hour whose rows keep their quarter (`minute`) in the usage read: the start of the day a
 * week before the first incomplete hour, so the shares cover the same week of days as before.
 */
export function quartersSince(window: DetectionWindow): number {
  return Date.parse(`${dayOf(window.completeBefore - SHARE_DAYS * DAY_MS)}T00:00:00Z`);
}

/**
 * The quarter hours from the first hour the hourly series leaves out (`completeBefore`) up to the
 * run's time, per team × feature × environment × model, from the usage read's rows that keep their
 * quarter. Only quarters that have ended count; a quarter without rows is absent (zero use), which
 * early detection never judges (it looks for rises only).
 */
export function quarterUsageFromRows(
  rows: readonly Record<string, SqlValue>[],
  window: DetectionWindow,
  prices: UnitPrices,
): Map<string, QuarterUsage> {
  const out = new Map<string, QuarterUsage>();
  const recent = rows.filter((r) => r.minute !== null && parseSqlTimestamp(r.hour) >= window.completeBefore);
  if (recent.length === 0) return out;
  const shares = sharesFromRows(rows, window);
  for (const row of recent) {
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

/**
 * Each series' usual split of an hour over its quarters, from the complete hours since
 * `quartersSince`. Calls logged at the top of the hour (a job at :00) make the first quarter the
 * whole hour, and such a quarter is then no spike.
 */
function sharesFromRows(
  rows: readonly Record<string, SqlValue>[],
  window: DetectionWindow,
): Map<string, QuarterShares> {
  const since = quartersSince(window);
  const sums = new Map<string, { tokens: number[]; invocations: number[]; hours: Set<number>[] }>();
  for (const row of rows) {
    if (row.minute === null || row.minute === undefined) continue;
    const hour = parseSqlTimestamp(row.hour);
    if (!(hour >= since && hour < window.completeBefore)) continue;
    const q = Math.floor(num(row.minute) / 15);
    if (!(q >= 0 && q < 4)) continue;
    const key = dimensionsKey(rowDimensions(row));
    let s = sums.get(key);
    if (!s) {
      s = { tokens: [0, 0, 0, 0], invocations: [0, 0, 0, 0], hours: [0, 1, 2, 3].map(() => new Set()) };
      sums.set(key, s);
    }
    s.tokens[q] =
      (s.tokens[q] as number) +
      num(row.input_tokens) +
      num(row.output_tokens) +
      num(row.cache_read_tokens) +
      num(row.cache_write_tokens);
    s.invocations[q] = (s.invocations[q] as number) + num(row.invocations);
    s.hours[q]?.add(hour);
  }
  const out = new Map<string, QuarterShares>();
  for (const [key, s] of sums) {
    const hours = Math.max(1, ...s.hours.map((h) => h.size));
    const smooth = (v: number[]) => {
      const total = v.reduce((a, b) => a + b, 0);
      const prior = (SHARE_PRIOR_HOURS * total) / hours;
      return v.map((x) => (x + prior / 4) / (total + prior));
    };
    out.set(key, { tokens: smooth(s.tokens), invocations: smooth(s.invocations) });
  }
  return out;
}
