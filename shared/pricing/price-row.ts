/** What a price is charged for: one kind of token, or an instance hour. */
export type Charge =
  | 'input'
  | 'output'
  | 'cache_read'
  | 'cache_write_5m'
  | 'cache_write_1h'
  | 'instance_hour';

/** How a call was routed: in the Region called, a geographic profile (`us.`, `eu.`, …) or `global.`. */
export type Scope = 'in-region' | 'geo' | 'global' | 'any';

/** Pricing tier of a token price. */
export type Tier = 'standard' | 'batch' | 'flex' | 'priority' | 'latency-optimized';

/** One row of the price book, as the `prices` table holds it (prices are exact decimal text). */
export interface PriceRow {
  effectiveDate: string;
  item: string;
  itemKind: 'model' | 'instance';
  region: string;
  scope: Scope;
  tier: Tier;
  charge: Charge;
  unit: '1M tokens' | 'hour';
  price: string;
  currency: string;
  /** Compact names bills use for the model, or null (instances). */
  billingNames: readonly string[] | null;
  source: string;
  sourceDate: string;
}

/** Lower-case letters and digits only: how usage types and service names are compared. */
export function compactName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
