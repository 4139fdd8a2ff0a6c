/** The Region scope a model was called with, which selects its price: see `SCOPE_SQL` (shared/sql/finops/compact-sql.ts). */
export type PricingScope = 'global' | 'geo' | 'in-region';

const GEO_PREFIXES = ['us.', 'us-gov.', 'eu.', 'apac.', 'jp.', 'au.', 'ca.'];

/**
 * The pricing scope of a logged `model_id`, exactly as `SCOPE_SQL` classifies it (the same prefixes,
 * at the start or after a `/` of an ARN): `global.` profiles, geographic cross-Region profiles, else
 * in-Region. Written into `identity_daily` so the allocation priced from it matches the raw table's.
 */
export function pricingScope(modelId: string): PricingScope {
  const at = (prefix: string) => modelId.startsWith(prefix) || modelId.includes(`/${prefix}`);
  if (at('global.')) return 'global';
  if (GEO_PREFIXES.some(at)) return 'geo';
  return 'in-region';
}
