import { BILL_CTES } from './bill-sql';
import { floorDivSql, posModSql } from './compact-sql';
import { type UsageCellsSource, usageCellsCtes } from './usage-cells-sql';

/** 1e14: dollars to units of 1e-12 cents, the integer scale allocation works in. */
const E14 = 'CAST(100000000000000 AS DECIMAL(38,0))';
const E12 = 'CAST(1000000000000 AS DECIMAL(38,0))';

/**
 * The allocation, as CTEs ending in `allocated` (one row per day × model × team × feature ×
 * environment with usage and `allocated_cents`). Each day's amounts to split (`sources`) are the
 * billed Bedrock cost per model — usage types that map to no model form one source with a NULL model —
 * or, on a day with no bill yet, each model's list cost (`estimated`). A source goes to its model's
 * cells in proportion to their list cost (price-weighted tokens), else their tokens, else their calls;
 * a NULL-model source to every cell of the day alike; a source with no cells to `{{unattributed}}`.
 * Cents come from the largest-remainder method over all of a day's shares, in integers, so the day's
 * cents equal its total rounded half up to the cent. The cells come from `source` (see `usageCellsCtes`).
 */
export const allocationCtes = (source: UsageCellsSource): string => `WITH
${usageCellsCtes(source)},
${BILL_CTES},
bill_days AS (
  SELECT usage_date, bool_or(estimated) AS estimated FROM bill_lines GROUP BY usage_date
),
sources AS (
  SELECT usage_date, model, CAST(SUM(billed_cost) * ${E14} AS DECIMAL(38,0)) AS amount_e14, bool_or(estimated) AS estimated
  FROM bill_lines
  GROUP BY usage_date, model
  UNION ALL
  SELECT c.usage_date, c.model,
    CASE WHEN bool_or(c.unpriced) THEN NULL ELSE CAST(ROUND(SUM(c.list_micro) * 100000000) AS DECIMAL(38,0)) END,
    true
  FROM cells AS c
  WHERE c.usage_date NOT IN (SELECT usage_date FROM bill_days)
  GROUP BY c.usage_date, c.model
),
model_weights AS (
  SELECT
    usage_date, model, team, feature, environment,
    CASE
      WHEN SUM(CASE WHEN unpriced THEN 0 ELSE list_micro END) OVER (PARTITION BY usage_date, model) > 0
        AND NOT bool_or(unpriced) OVER (PARTITION BY usage_date, model)
        THEN CAST(ROUND(list_micro) AS DECIMAL(38,0))
      WHEN SUM(tokens) OVER (PARTITION BY usage_date, model) > 0 THEN CAST(tokens AS DECIMAL(38,0))
      ELSE CAST(invocations AS DECIMAL(38,0))
    END AS weight,
    CASE
      WHEN SUM(CASE WHEN unpriced THEN 0 ELSE list_micro END) OVER (PARTITION BY usage_date) > 0
        THEN CAST(ROUND(CASE WHEN unpriced THEN 0 ELSE list_micro END) AS DECIMAL(38,0))
      WHEN SUM(tokens) OVER (PARTITION BY usage_date) > 0 THEN CAST(tokens AS DECIMAL(38,0))
      ELSE CAST(invocations AS DECIMAL(38,0))
    END AS day_weight
  FROM cells
),
targets AS (
  SELECT s.usage_date, s.model AS source_model, s.amount_e14, s.estimated,
    w.model, w.team, w.feature, w.environment, w.weight
  FROM sources AS s
  JOIN model_weights AS w ON w.usage_date = s.usage_date AND w.model = s.model
  UNION ALL
  SELECT s.usage_date, s.model, s.amount_e14, s.estimated, w.model, w.team, w.feature, w.environment, w.day_weight
  FROM sources AS s
  JOIN model_weights AS w ON w.usage_date = s.usage_date
  WHERE s.model IS NULL
  UNION ALL
  SELECT s.usage_date, s.model, s.amount_e14, s.estimated, COALESCE(s.model, '(unmapped)'),
    {{unattributed}}, {{unattributed}}, {{unattributed}}, CAST(1 AS DECIMAL(38,0))
  FROM sources AS s
  LEFT JOIN (SELECT DISTINCT usage_date, model FROM cells) AS dm
    ON dm.usage_date = s.usage_date AND dm.model = s.model
  LEFT JOIN (SELECT DISTINCT usage_date FROM cells) AS dd ON dd.usage_date = s.usage_date
  WHERE (s.model IS NOT NULL AND dm.model IS NULL) OR (s.model IS NULL AND dd.usage_date IS NULL)
),
shares AS (
  SELECT t.*,
    t.amount_e14 * t.weight AS numerator,
    SUM(t.weight) OVER (PARTITION BY t.usage_date, t.source_model) * ${E12} AS denominator
  FROM targets AS t
),
floors AS (
  SELECT s.*,
    CASE WHEN s.denominator > 0 THEN ${floorDivSql('s.numerator', 's.denominator')} END AS floor_cents,
    CASE WHEN s.denominator > 0
      THEN CAST(${posModSql('s.numerator', 's.denominator')} AS DOUBLE) / CAST(s.denominator AS DOUBLE)
    END AS remainder
  FROM shares AS s
  WHERE s.amount_e14 IS NOT NULL AND s.denominator > 0
),
day_totals AS (
  SELECT usage_date,
    ${floorDivSql(`SUM(amount_e14) + CAST(500000000000 AS DECIMAL(38,0))`, E12)} AS day_cents
  FROM sources
  WHERE amount_e14 IS NOT NULL
  GROUP BY usage_date
),
ranked AS (
  SELECT f.*,
    d.day_cents - SUM(f.floor_cents) OVER (PARTITION BY f.usage_date) AS short_cents,
    ROW_NUMBER() OVER (
      PARTITION BY f.usage_date
      ORDER BY f.remainder DESC, f.model, f.team, f.feature, f.environment, f.source_model
    ) AS remainder_rank
  FROM floors AS f
  JOIN day_totals AS d ON d.usage_date = f.usage_date
),
cell_cents AS (
  SELECT usage_date, model, team, feature, environment,
    CAST(SUM(floor_cents + CASE WHEN remainder_rank <= short_cents THEN 1 ELSE 0 END) AS BIGINT) AS allocated_cents,
    bool_or(estimated) AS estimated
  FROM ranked
  GROUP BY usage_date, model, team, feature, environment
),
unpriced_estimates AS (
  SELECT DISTINCT usage_date, model, team, feature, environment
  FROM targets
  WHERE amount_e14 IS NULL
),
allocated AS (
  SELECT
    COALESCE(c.usage_date, a.usage_date) AS usage_date,
    COALESCE(c.model, a.model) AS model,
    COALESCE(c.team, a.team) AS team,
    COALESCE(c.feature, a.feature) AS feature,
    COALESCE(c.environment, a.environment) AS environment,
    COALESCE(c.invocations, 0) AS invocations,
    COALESCE(c.successful_invocations, 0) AS successful_invocations,
    COALESCE(c.input_tokens, 0) AS input_tokens,
    COALESCE(c.output_tokens, 0) AS output_tokens,
    COALESCE(c.cache_read_tokens, 0) AS cache_read_tokens,
    COALESCE(c.cache_write_tokens, 0) AS cache_write_tokens,
    COALESCE(c.unpriced, false) AS unpriced,
    c.list_micro,
    CASE
      WHEN a.allocated_cents IS NOT NULL THEN a.allocated_cents
      WHEN ue.model IS NOT NULL THEN NULL
      ELSE 0
    END AS allocated_cents,
    COALESCE(a.estimated, bd.usage_date IS NULL) AS estimated
  FROM cells AS c
  FULL OUTER JOIN cell_cents AS a
    ON a.usage_date = c.usage_date AND a.model = c.model AND a.team = c.team
    AND a.feature = c.feature AND a.environment = c.environment
  LEFT JOIN unpriced_estimates AS ue
    ON ue.usage_date = c.usage_date AND ue.model = c.model AND ue.team = c.team
    AND ue.feature = c.feature AND ue.environment = c.environment
  LEFT JOIN bill_days AS bd ON bd.usage_date = c.usage_date
)`;

/** Cents (BIGINT) as exact dollars, DECIMAL(20,2): a multiplication, which both engines keep decimal. */
export const dollarsSql = (cents: string): string =>
  `CAST(CAST(${cents} AS DECIMAL(18,0)) * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(20,2))`;

/** Micro-dollars (exact decimal) as dollars with 6 decimals, by multiplication. */
export const microToDollarsSql = (micro: string): string =>
  `CAST(${micro} * CAST(0.000001 AS DECIMAL(7,6)) AS DECIMAL(24,6))`;
