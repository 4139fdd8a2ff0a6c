import type { QueryEngine, SqlValue } from '../ports/query-engine';
import { type ParamSpecs, type ParamValues, renderSql } from '../sql/params';
import type { DetectionWindow } from './window';

const RANGE = { from: { kind: 'date' }, to: { kind: 'date' } } as const;

/** Running tally of what the run's queries read (Athena bills bytes scanned). */
export interface QueryTally {
  queries: number;
  bytesScanned: number;
}

/**
 * Runs a detection query bounded to the window's `dt` range (`{{from}}`/`{{to}}`) plus any other
 * declared parameters, all rendered as validated literals, and counts what it read.
 */
export async function runWindowed<P extends ParamSpecs>(
  engine: QueryEngine,
  tally: QueryTally,
  window: Pick<DetectionWindow, 'from' | 'to'>,
  sql: string,
  params: P = {} as P,
  values: Omit<ParamValues<P>, 'from' | 'to'> = {} as Omit<ParamValues<P>, 'from' | 'to'>,
): Promise<Record<string, SqlValue>[]> {
  const specs = { ...RANGE, ...params } as unknown as ParamSpecs;
  const text = renderSql(sql, specs, { from: window.from, to: window.to, ...values } as never);
  const result = await engine.query(text);
  tally.queries++;
  tally.bytesScanned += result.bytesScanned;
  return result.rows;
}

/** A number from a SQL value (integers may come back as bigint, decimals as text). */
export function num(value: SqlValue | undefined): number {
  if (value === null || value === undefined) return Number.NaN;
  return typeof value === 'number' ? value : Number(value);
}

/** A string from a SQL value ('' for null). */
export function str(value: SqlValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
