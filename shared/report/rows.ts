import { fromUnscaled, toUnscaled } from '../lake/decimal';
import type { SqlValue } from '../ports/query-engine';

/** A row of a shipped query's result, as the engines return it. */
export type Row = Record<string, SqlValue>;

/** A text cell; NULL becomes `fallback` (callers' values stay as they are: escaping is the renderer's job). */
export function text(row: Row, column: string, fallback = ''): string {
  const v = row[column];
  return v === null || v === undefined ? fallback : String(v);
}

/** A boolean cell (DuckDB gives booleans; Athena's text results give `'true'`). */
export function flag(row: Row, column: string): boolean {
  const v = row[column];
  return v === true || v === 'true';
}

/** A numeric cell as a JS number (ratios, percentages, counts), or null. */
export function num(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'bigint' ? Number(v) : Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * A money cell as an exact integer of `10^-scale` dollars (cents for scale 2), or null. Sums of
 * query amounts stay exact this way; a double would drift off the cent.
 */
export function units(row: Row, column: string, scale: number): bigint | null {
  const v = row[column];
  if (v === null || v === undefined || v === '' || typeof v === 'boolean') return null;
  const textValue = typeof v === 'string' ? v : typeof v === 'bigint' ? v.toString() : v.toFixed(scale);
  return toUnscaled(textValue, { precision: 38, scale }, column);
}

/** Exact decimal text of `value` units at `scale`. */
export const decimalText = (value: bigint, scale: number): string => fromUnscaled(value, scale);
