import { HOUR_MS } from '../lake/utc';
import type { SqlValue } from '../ports/query-engine';
import { num, str } from './sql';
import type { UnitPrices } from './unit-prices';
import { type DetectionWindow, parseSqlTimestamp } from './window';

/** Hourly Bedrock usage of one team × feature × environment × model, gaps filled with zeros. */
export interface UsageSeries {
  dimensions: { team: string; feature: string; environment: string; model: string };
  /** Hour starts, epoch ms, one per hour from the series' first hour to the last complete one. */
  timestamps: Float64Array;
  invocations: Float64Array;
  errors: Float64Array;
  /** All tokens: input, output, cache read and cache write. */
  tokens: Float64Array;
  /** Estimated dollars at list prices; NaN everywhere when the model has no price. */
  estimatedCost: Float64Array;
  priced: boolean;
}

/** One sample of a usage series: calls, failed calls, all tokens and their estimated dollars. */
export interface UsageCell {
  invocations: number;
  errors: number;
  tokens: number;
  cost: number;
}

/** The key of a series' dimensions (team, feature, environment, model). */
export const dimensionsKey = (d: UsageSeries['dimensions']): string =>
  `${d.team}\u0000${d.feature}\u0000${d.environment}\u0000${d.model}`;

/** The dimensions of a `usage_hourly` row. */
export const rowDimensions = (row: Record<string, SqlValue>): UsageSeries['dimensions'] => ({
  team: str(row.team),
  feature: str(row.feature),
  environment: str(row.environment),
  model: str(row.model),
});

/**
 * Adds one `usage_hourly` row to a cell, priced at its model's list prices in its own Region;
 * returns false when the model has no price there (the cell's dollars are then incomplete).
 */
export function addUsageRow(cell: UsageCell, row: Record<string, SqlValue>, prices: UnitPrices): boolean {
  const input = num(row.input_tokens);
  const output = num(row.output_tokens);
  const cacheRead = num(row.cache_read_tokens);
  const cacheWrite = num(row.cache_write_tokens);
  const price = prices.tokenPrices(str(row.model), str(row.region));
  cell.invocations += num(row.invocations);
  cell.errors += num(row.errors);
  cell.tokens += input + output + cacheRead + cacheWrite;
  if (price) {
    cell.cost +=
      input * price.input +
      output * price.output +
      cacheRead * price.cacheRead +
      cacheWrite * price.cacheWrite;
  }
  return price !== undefined;
}

/** An empty cell. */
export const emptyCell = (): UsageCell => ({ invocations: 0, errors: 0, tokens: 0, cost: 0 });

/**
 * One dense hourly series per team × feature × environment × model from the window's `usage_hourly`
 * rows (an hour's rows, per Region or per quarter, summed into it). An hour without rows is zero
 * use, so a logging outage shows as a drop to zero. Hours not yet complete are left out.
 */
export function usageSeriesFromRows(
  rows: readonly Record<string, SqlValue>[],
  window: DetectionWindow,
  prices: UnitPrices,
): UsageSeries[] {
  const bySeries = new Map<
    string,
    { dims: UsageSeries['dimensions']; cells: Map<number, UsageCell>; priced: boolean }
  >();
  for (const row of rows) {
    const hour = parseSqlTimestamp(row.hour);
    if (!(hour < window.completeBefore)) continue;
    const dims = rowDimensions(row);
    const key = dimensionsKey(dims);
    let entry = bySeries.get(key);
    if (!entry) {
      entry = { dims, cells: new Map(), priced: true };
      bySeries.set(key, entry);
    }
    const cell = entry.cells.get(hour) ?? emptyCell();
    if (!addUsageRow(cell, row, prices)) entry.priced = false;
    entry.cells.set(hour, cell);
  }
  const out: UsageSeries[] = [];
  const last = window.completeBefore - HOUR_MS;
  for (const { dims, cells, priced } of bySeries.values()) {
    const first = Math.min(...cells.keys());
    const n = Math.floor((last - first) / HOUR_MS) + 1;
    if (n <= 0) continue;
    const s: UsageSeries = {
      dimensions: dims,
      timestamps: new Float64Array(n),
      invocations: new Float64Array(n),
      errors: new Float64Array(n),
      tokens: new Float64Array(n),
      estimatedCost: new Float64Array(n).fill(priced ? 0 : Number.NaN),
      priced,
    };
    for (let i = 0; i < n; i++) {
      const t = first + i * HOUR_MS;
      s.timestamps[i] = t;
      const cell = cells.get(t);
      if (!cell) continue;
      s.invocations[i] = cell.invocations;
      s.errors[i] = cell.errors;
      s.tokens[i] = cell.tokens;
      if (priced) s.estimatedCost[i] = cell.cost;
    }
    out.push(s);
  }
  return out;
}
