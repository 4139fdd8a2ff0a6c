import { toCsv } from '../../src/cli/format';
import type { QueryColumn, QueryResult } from '../ports/query-engine';

/** `chargeback.csv`'s columns, in order, and the `unit-costs` column each is copied from. */
export const CHARGEBACK_COLUMNS = [
  ['usage_date', 'usage_date'],
  ['team', 'team'],
  ['feature', 'feature'],
  ['environment', 'environment'],
  ['model', 'model'],
  ['billed_cost', 'allocated_cost'],
  ['estimated', 'estimated'],
  ['unpriced', 'unpriced'],
  ['input_tokens', 'input_tokens'],
  ['output_tokens', 'output_tokens'],
  ['cache_read_tokens', 'cache_read_tokens'],
  ['cache_write_tokens', 'cache_write_tokens'],
  ['invocations', 'invocations'],
  ['successful_invocations', 'successful_invocations'],
] as const;

/**
 * `chargeback.csv`: one row per day × team × feature × environment × model of the shipped
 * `unit-costs` query (whose amounts are the allocation's), with the allocated billed cost
 * (`estimated` = a list-price estimate until the bill arrives; empty = unpriced), tokens by type
 * and invocations. RFC 4180 quoting; text a spreadsheet would run as a formula is defused.
 */
export function chargebackCsv(unitCosts: QueryResult, currency: string): string {
  const typeOf = new Map(unitCosts.columns.map((c) => [c.name, c.type]));
  const columns: QueryColumn[] = CHARGEBACK_COLUMNS.map(([name, from]) => ({
    name,
    type: typeOf.get(from) ?? 'varchar',
  }));
  columns.splice(6, 0, { name: 'currency', type: 'varchar' });
  const rows = unitCosts.rows.map((row) => {
    const out: Record<string, (typeof row)[string]> = { currency };
    for (const [name, from] of CHARGEBACK_COLUMNS) out[name] = row[from] ?? null;
    return out;
  });
  return toCsv({ columns, rows, bytesScanned: 0, engine: unitCosts.engine });
}
