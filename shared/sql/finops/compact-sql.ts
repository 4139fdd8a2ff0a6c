/**
 * SQL pieces shared by the cost queries. Each is portable Trino/DuckDB: nested `replace` instead of
 * `regexp_replace` (DuckDB replaces only the first match unless told `'g'`, Trino all of them).
 */

/** `expr` lower-cased with separators removed, as `compactName` in shared/pricing/price-row.ts does. */
export function compactSql(expr: string): string {
  let sql = `lower(${expr})`;
  for (const ch of ['.', '-', ' ', '_', ':', '(', ')', '/']) sql = `replace(${sql}, '${ch}', '')`;
  return sql;
}

/** The Region scope a logged `model_id` was called with: `global.` and `us.`/`eu.`/… prefixes, plain ids and ARNs. */
export const SCOPE_SQL = `CASE
      WHEN model_id LIKE 'global.%' OR model_id LIKE '%/global.%' THEN 'global'
      WHEN model_id LIKE 'us.%' OR model_id LIKE 'us-gov.%' OR model_id LIKE 'eu.%' OR model_id LIKE 'apac.%'
        OR model_id LIKE 'jp.%' OR model_id LIKE 'au.%' OR model_id LIKE 'ca.%'
        OR model_id LIKE '%/us.%' OR model_id LIKE '%/us-gov.%' OR model_id LIKE '%/eu.%'
        OR model_id LIKE '%/apac.%' OR model_id LIKE '%/jp.%' OR model_id LIKE '%/au.%' OR model_id LIKE '%/ca.%'
        THEN 'geo'
      ELSE 'in-region'
    END`;

/** Bedrock spend in cost_daily: the service itself and every Marketplace "(Amazon Bedrock Edition)" one. */
export const BEDROCK_SERVICE_SQL = `(service = 'Amazon Bedrock' OR service = 'Amazon Bedrock Service' OR service LIKE '%(Amazon Bedrock Edition)')`;

/**
 * `floor(n / d)` for DECIMAL(38,0) `n` and positive `d`, exact on both engines: the remainder comes
 * from `mod` (exact in both); the division is then exact, which Trino keeps as a decimal and DuckDB
 * (which divides decimals as DOUBLE) rounds back to the same integer while quotients stay below 2^52.
 */
export function floorDivSql(n: string, d: string): string {
  return `CAST(ROUND((${n} - ${posModSql(n, d)}) / ${d}) AS BIGINT)`;
}

/** `n mod d` in `[0, d)` whatever the sign of `n` (both engines give `mod` the sign of `n`). */
export function posModSql(n: string, d: string): string {
  return `(CASE WHEN mod(${n}, ${d}) < 0 THEN mod(${n}, ${d}) + ${d} ELSE mod(${n}, ${d}) END)`;
}
