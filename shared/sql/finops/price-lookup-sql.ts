/**
 * CTEs that price each usage key (day, model, Region, scope) from the dated `prices` table: per
 * charge, the row of the same Region before `'*'`, the same scope before `'any'`, then the latest
 * `effective_date` on or before the day — or on or before `{{price_date}}` when re-pricing.
 * Expects a CTE `price_keys(usage_date, model, region, scope)`; yields `unit_prices`.
 * Cache writes are logged without their TTL: they are priced at the 5-minute rate (the default TTL).
 */
export const PRICE_LOOKUP_CTES = `token_charges AS (
  SELECT charge FROM (VALUES ('input'), ('output'), ('cache_read'), ('cache_write_5m')) AS c(charge)
),
ranked_prices AS (
  SELECT
    k.usage_date, k.model, k.region, k.scope, c.charge, p.price,
    ROW_NUMBER() OVER (
      PARTITION BY k.usage_date, k.model, k.region, k.scope, c.charge
      ORDER BY
        CASE WHEN p.region = k.region THEN 0 ELSE 1 END,
        CASE WHEN p.scope = k.scope THEN 0 ELSE 1 END,
        p.effective_date DESC
    ) AS rn
  FROM price_keys AS k
  CROSS JOIN token_charges AS c
  JOIN prices AS p
    ON p.item = k.model AND p.item_kind = 'model' AND p.tier = 'standard' AND p.charge = c.charge
    AND (p.region = k.region OR p.region = '*')
    AND (p.scope = k.scope OR p.scope = 'any')
    AND p.effective_date <= COALESCE(try_cast({{price_date}} AS DATE), k.usage_date)
  WHERE p.dt <= greatest({{to}}, {{price_date}})
),
unit_prices AS (
  SELECT
    usage_date, model, region, scope,
    max(CASE WHEN charge = 'input' THEN price END) AS input_price,
    max(CASE WHEN charge = 'output' THEN price END) AS output_price,
    max(CASE WHEN charge = 'cache_read' THEN price END) AS cache_read_price,
    max(CASE WHEN charge = 'cache_write_5m' THEN price END) AS cache_write_price
  FROM ranked_prices
  WHERE rn = 1
  GROUP BY usage_date, model, region, scope
)`;
