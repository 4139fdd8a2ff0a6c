import { replacePartition } from '../lake/partition-writer';
import { prices } from '../lake/tables';
import type { ObjectStore } from '../ports';
import type { PriceRow } from './price-row';

const epochDay = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/**
 * Writes `rows` to the `prices` table: each effective date's partition is replaced by the rows of
 * that date (partitions of other dates stay). Returns the dates written.
 */
export async function writePriceBook(store: ObjectStore, rows: readonly PriceRow[]): Promise<string[]> {
  const byDate = new Map<string, PriceRow[]>();
  for (const row of rows) {
    const list = byDate.get(row.effectiveDate) ?? [];
    list.push(row);
    byDate.set(row.effectiveDate, list);
  }
  const dates = [...byDate.keys()].sort();
  for (const date of dates) {
    const list = byDate.get(date) as PriceRow[];
    await replacePartition(store, prices, date, priceColumns(list), list.length);
  }
  return dates;
}

/** The `prices` columns of `rows` (dates as epoch ms, prices as exact text). */
export function priceColumns(rows: readonly PriceRow[]): Record<string, (string | number | null)[]> {
  return {
    effective_date: rows.map((r) => epochDay(r.effectiveDate)),
    item: rows.map((r) => r.item),
    item_kind: rows.map((r) => r.itemKind),
    region: rows.map((r) => r.region),
    scope: rows.map((r) => r.scope),
    tier: rows.map((r) => r.tier),
    charge: rows.map((r) => r.charge),
    unit: rows.map((r) => r.unit),
    price: rows.map((r) => r.price),
    currency: rows.map((r) => r.currency),
    billing_names: rows.map((r) => (r.billingNames ? `|${r.billingNames.join('|')}|` : null)),
    source: rows.map((r) => r.source),
    source_date: rows.map((r) => epochDay(r.sourceDate)),
  };
}
