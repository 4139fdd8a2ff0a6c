/**
 * `cents / 100 / denominator` as DECIMAL(24,8), NULL when the denominator is 0. A unit cost is a
 * ratio, not an amount: it is computed in DOUBLE (both engines divide alike) and rounded to 8
 * decimals; the amounts it comes from stay exact.
 */
export function perUnitSql(cents: string, denominator: string, factor = 1): string {
  return `CASE WHEN ${denominator} > 0 THEN CAST(ROUND(CAST(${cents} AS DOUBLE) * ${factor} / 100 / CAST(${denominator} AS DOUBLE), 8) AS DECIMAL(24,8)) END`;
}

/** Percent change from `previous` to `current` (DOUBLE, 2 decimals), NULL without a previous value. */
export function changePctSql(current: string, previous: string): string {
  return `CASE WHEN ${previous} > 0 THEN ROUND((CAST(${current} AS DOUBLE) / CAST(${previous} AS DOUBLE) - 1) * 100, 2) END`;
}
