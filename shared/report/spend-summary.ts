import type { QueryResult } from '../ports/query-engine';
import { flag, type Row, text, units } from './rows';

/** Spend of one value of a dimension, summed exactly from `allocation` rows. */
export interface SpendLine {
  key: string;
  cents: bigint;
  previousCents: bigint;
  /** Some of the amount is a list-price estimate, not the bill. */
  estimated: boolean;
  /** Rows with usage but no price (their cost is unknown, not zero). */
  unpriced: number;
}

/** The window's spend, from the shipped `allocation` query (this window and the previous one). */
export interface SpendSummary {
  totalCents: bigint;
  previousTotalCents: bigint;
  /** Percent change from the previous window; null when it had no spend. */
  changePct: number | null;
  estimated: boolean;
  unpriced: number;
  byTeam: SpendLine[];
  byFeature: SpendLine[];
  byEnvironment: SpendLine[];
  byModel: SpendLine[];
  /** Per day × team, for the chart. */
  daily: { day: string; team: string; cents: bigint; estimated: boolean }[];
}

/** Which cells a breakdown groups by: one column or team · feature. */
export type Dimension = 'team' | 'feature' | 'environment' | 'model' | 'teamFeature';

const keyOf = (row: Row, dimension: Dimension): string =>
  dimension === 'teamFeature' ? `${text(row, 'team')} · ${text(row, 'feature')}` : text(row, dimension);

/** A row's allocated cents; NULL (unpriced, estimated day) counts as nothing known. */
export const allocatedCents = (row: Row): bigint => units(row, 'allocated_cost', 2) ?? 0n;

/** Percent change between two exact amounts, 2 decimals; null without a base. */
export function changePct(current: bigint, previous: bigint): number | null {
  if (previous <= 0n) return null;
  return Math.round((Number(current - previous) / Number(previous)) * 10_000) / 100;
}

/** `part` as a percent of `whole`, 2 decimals; null when `whole` is not positive. */
export function sharePct(part: bigint, whole: bigint): number | null {
  if (whole <= 0n) return null;
  return Math.round((Number(part) / Number(whole)) * 10_000) / 100;
}

/** Spend per value of `dimension`, largest first, with the previous window's amount beside it. */
export function spendBy(current: QueryResult, previous: QueryResult, dimension: Dimension): SpendLine[] {
  const lines = new Map<string, SpendLine>();
  const line = (key: string): SpendLine => {
    let found = lines.get(key);
    if (!found) {
      found = { key, cents: 0n, previousCents: 0n, estimated: false, unpriced: 0 };
      lines.set(key, found);
    }
    return found;
  };
  for (const row of current.rows) {
    const l = line(keyOf(row, dimension));
    l.cents += allocatedCents(row);
    l.estimated ||= flag(row, 'estimated');
    if (flag(row, 'unpriced')) l.unpriced++;
  }
  for (const row of previous.rows) line(keyOf(row, dimension)).previousCents += allocatedCents(row);
  return [...lines.values()].sort((a, b) =>
    a.cents === b.cents ? a.key.localeCompare(b.key) : a.cents > b.cents ? -1 : 1,
  );
}

/** The spend section's numbers: sums of `allocation` rows, never a second allocation. */
export function summarizeSpend(current: QueryResult, previous: QueryResult): SpendSummary {
  let totalCents = 0n;
  let previousTotalCents = 0n;
  let estimated = false;
  let unpriced = 0;
  const daily = new Map<string, { day: string; team: string; cents: bigint; estimated: boolean }>();
  for (const row of current.rows) {
    const cents = allocatedCents(row);
    totalCents += cents;
    estimated ||= flag(row, 'estimated');
    if (flag(row, 'unpriced')) unpriced++;
    const key = `${text(row, 'usage_date')}\u0000${text(row, 'team')}`;
    const cell = daily.get(key) ?? {
      day: text(row, 'usage_date'),
      team: text(row, 'team'),
      cents: 0n,
      estimated: false,
    };
    cell.cents += cents;
    cell.estimated ||= flag(row, 'estimated');
    daily.set(key, cell);
  }
  for (const row of previous.rows) previousTotalCents += allocatedCents(row);
  return {
    totalCents,
    previousTotalCents,
    changePct: changePct(totalCents, previousTotalCents),
    estimated,
    unpriced,
    byTeam: spendBy(current, previous, 'team'),
    byFeature: spendBy(current, previous, 'teamFeature'),
    byEnvironment: spendBy(current, previous, 'environment'),
    byModel: spendBy(current, previous, 'model'),
    daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day) || a.team.localeCompare(b.team)),
  };
}

/** The `n` teams whose spend moved most (by absolute dollars) from the previous window. */
export function topMovers(lines: readonly SpendLine[], n: number): SpendLine[] {
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  return [...lines]
    .filter((l) => l.cents !== l.previousCents)
    .sort((a, b) => {
      const d = abs(b.cents - b.previousCents) - abs(a.cents - a.previousCents);
      return d === 0n ? a.key.localeCompare(b.key) : d > 0n ? 1 : -1;
    })
    .slice(0, n);
}
