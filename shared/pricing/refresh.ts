import { BEDROCK_SERVICE_CODES, type PriceSource } from '../ports/price-source';
import { type ModelNames, type PriceListReading, priceRowsFromProducts } from './price-list-rows';
import type { PriceRow } from './price-row';

/** The models the book knows and their billing names, the keys Price List rows are matched by. */
export function modelNamesOf(book: readonly PriceRow[]): ModelNames {
  const byModel = new Map<string, Set<string>>();
  for (const row of book) {
    if (row.itemKind !== 'model' || !row.billingNames) continue;
    const names = byModel.get(row.item) ?? new Set<string>();
    for (const n of row.billingNames) names.add(n);
    byModel.set(row.item, names);
  }
  return [...byModel].map(([model, names]) => ({ model, names: [...names] }));
}

/**
 * Reads the Bedrock offers of `source` for each Region into price rows; `readOn` (a day, from the
 * caller's clock) dates rows whose term has no effective date.
 */
export async function readPriceList(
  source: PriceSource,
  regions: readonly string[],
  book: readonly PriceRow[],
  readOn: string,
): Promise<PriceListReading> {
  const total: PriceListReading = { rows: [], unclassified: [], unmatched: [], excluded: 0 };
  const models = modelNamesOf(book);
  for (const region of regions) {
    for (const code of BEDROCK_SERVICE_CODES) {
      const got = priceRowsFromProducts(await source.products(code, region), models, readOn);
      total.rows.push(...got.rows);
      total.unclassified.push(...got.unclassified);
      total.unmatched.push(...got.unmatched);
      total.excluded += got.excluded;
    }
  }
  return total;
}
