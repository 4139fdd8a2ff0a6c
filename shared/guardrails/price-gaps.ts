import type { IdentityCalls } from './identity-usage';
import type { SpendRow } from './spend-rows';

const cellKey = (r: Pick<SpendRow, 'day' | 'team' | 'feature' | 'environment' | 'model'>): string =>
  [r.day, r.team, r.feature, r.environment, r.model].join('\u0000');

/** Whether some spend rows have no dollars: the lake's `prices` table could not price them. */
export const hasPriceGaps = (rows: readonly SpendRow[]): boolean =>
  rows.some((r) => !Number.isFinite(r.cost));

/**
 * Spend rows the lake could not price (no bill yet and no `prices` table in the store, as in a fresh
 * deployment, or a model missing from it) priced instead from the price book the caller passed:
 * the per-identity estimate (tokens × list prices) of the same day × team × feature × environment ×
 * model, marked estimate. Rows the book cannot price either stay unpriced (NaN), never $0.
 */
export function fillPriceGaps(rows: readonly SpendRow[], calls: readonly IdentityCalls[]): SpendRow[] {
  const byCell = new Map<string, number>();
  for (const c of calls) byCell.set(cellKey(c), (byCell.get(cellKey(c)) ?? 0) + c.cost);
  return rows.map((r) => {
    if (Number.isFinite(r.cost)) return r;
    const cost = byCell.get(cellKey(r));
    return cost === undefined || !Number.isFinite(cost) ? r : { ...r, cost, estimated: true };
  });
}
