import type { IdentityCalls } from './identity-usage';
import type { SpendRow } from './spend-rows';

const cellKey = (r: Pick<SpendRow, 'day' | 'team' | 'feature' | 'environment' | 'model'>): string =>
  [r.day, r.team, r.feature, r.environment, r.model].join('\u0000');

/** Whether some spend rows have no dollars: the lake's `prices` table could not price them. */
export const hasPriceGaps = (rows: readonly SpendRow[]): boolean => rows.some((r) => r.cost === null);

/**
 * Spend rows the lake could not price (no bill yet and no `prices` table in the store, as in a fresh
 * deployment, or a model missing from it) priced instead from the price book the caller passed:
 * the per-identity estimate (tokens × list prices) of the same day × team × feature × environment ×
 * model, marked estimate. Rows the book cannot price either stay unpriced (null), never $0: one
 * unpriced call makes its cell unpriced.
 */
export function fillPriceGaps(rows: readonly SpendRow[], calls: readonly IdentityCalls[]): SpendRow[] {
  const byCell = new Map<string, bigint | null>();
  for (const c of calls) {
    const key = cellKey(c);
    const sum = byCell.has(key) ? (byCell.get(key) as bigint | null) : 0n;
    byCell.set(key, sum === null || c.cost === null ? null : sum + c.cost);
  }
  return rows.map((r) => {
    if (r.cost !== null) return r;
    const cost = byCell.get(cellKey(r));
    return cost === undefined || cost === null ? r : { ...r, cost, estimated: true };
  });
}
