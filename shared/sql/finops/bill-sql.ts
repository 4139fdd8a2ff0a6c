import { BEDROCK_SERVICE_SQL, compactSql } from './compact-sql';

/**
 * CTEs from `cost_daily` to `bill_lines`: the day's billed Bedrock cost (unblended, DAILY rows, every
 * Bedrock service and Marketplace edition) per usage type, each mapped to the model whose billing
 * name (from `prices.billing_names`) it contains — the longest such name, so `claude45sonnet` wins
 * over a shorter one — or NULL when none matches. `token_type` classifies the usage type by substring.
 */
export const BILL_CTES = `model_names AS (
  SELECT DISTINCT p.item AS model, n.name
  FROM prices AS p
  CROSS JOIN UNNEST(split(p.billing_names, '|')) AS n(name)
  WHERE p.dt <= greatest({{to}}, {{price_date}}) AND p.item_kind = 'model' AND p.billing_names IS NOT NULL
),
bill_keys AS (
  SELECT
    CAST(dt AS DATE) AS usage_date,
    service,
    usage_type,
    ${compactSql("COALESCE(service, '') || ' ' || COALESCE(usage_type, '')")} AS bill_key,
    unblended_cost,
    estimated
  FROM cost_daily
  WHERE dt BETWEEN {{from}} AND {{to}} AND granularity = 'DAILY' AND unblended_cost IS NOT NULL
    AND ${BEDROCK_SERVICE_SQL}
),
bill_grouped AS (
  SELECT usage_date, bill_key, SUM(unblended_cost) AS billed_cost, bool_or(estimated) AS estimated
  FROM bill_keys
  GROUP BY usage_date, bill_key
),
bill_matches AS (
  SELECT
    b.usage_date, b.bill_key, b.billed_cost, b.estimated, m.model,
    ROW_NUMBER() OVER (PARTITION BY b.usage_date, b.bill_key ORDER BY length(m.name) DESC, m.model) AS rn
  FROM bill_grouped AS b
  LEFT JOIN model_names AS m ON m.name <> '' AND strpos(b.bill_key, m.name) > 0
),
bill_lines AS (
  SELECT
    usage_date, bill_key, billed_cost, estimated, model,
    CASE
      WHEN strpos(bill_key, 'cacheread') > 0 THEN 'cache_read'
      WHEN strpos(bill_key, 'cachewrite') > 0 THEN 'cache_write'
      WHEN strpos(bill_key, 'input') > 0 THEN 'input'
      WHEN strpos(bill_key, 'output') > 0 THEN 'output'
      ELSE 'other'
    END AS token_type
  FROM bill_matches
  WHERE rn = 1
)`;
