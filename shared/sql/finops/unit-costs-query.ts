import { allocationCtes, dollarsSql } from './allocation-sql';
import { costParams } from './cost-params';
import { perUnitSql } from './ratio-sql';
import type { UsageCellsSource } from './usage-cells-sql';

const unitCostsSql = (source: UsageCellsSource): string => `${allocationCtes(source)},
outcomes AS (
  SELECT CAST(dt AS DATE) AS usage_date, team, feature,
    CASE WHEN COUNT(DISTINCT metric_name) = 1 THEN arbitrary(metric_name) END AS outcome_metric,
    CASE WHEN COUNT(DISTINCT metric_name) = 1 THEN SUM(value) END AS outcomes
  FROM business_metrics
  WHERE dt BETWEEN {{from}} AND {{to}} AND ({{metric}} = '' OR metric_name = {{metric}})
  GROUP BY CAST(dt AS DATE), team, feature
)
SELECT
  a.usage_date, a.team, a.feature, a.environment, a.model,
  a.invocations, a.successful_invocations,
  a.input_tokens, a.output_tokens, a.cache_read_tokens, a.cache_write_tokens,
  ${dollarsSql('a.allocated_cents')} AS allocated_cost,
  ${perUnitSql('a.allocated_cents', 'a.invocations')} AS cost_per_inference,
  ${perUnitSql('a.allocated_cents', 'a.successful_invocations')} AS cost_per_successful_output,
  ${perUnitSql('a.allocated_cents', '(a.input_tokens + a.output_tokens + a.cache_read_tokens + a.cache_write_tokens)', 1000)} AS cost_per_1k_tokens,
  a.estimated,
  a.unpriced,
  o.outcome_metric,
  o.outcomes,
  ${perUnitSql('a.allocated_cents', 'o.outcomes')} AS cost_per_outcome
FROM allocated AS a
LEFT JOIN outcomes AS o ON o.usage_date = a.usage_date AND o.team = a.team AND o.feature = a.feature
ORDER BY a.usage_date, a.team, a.feature, a.environment, a.model`;

/**
 * `unit-costs`: per day × team × feature × environment × model, usage and allocated cost with cost
 * per inference, per successful output (failed calls cost money too, so it is higher) and per 1K
 * tokens; with `business_metrics`, this row's cost per outcome of its team × feature (summed over
 * models and environments it gives the feature's cost per outcome). `metric` picks the outcome;
 * empty takes the one metric a team × feature reports that day (none when it reports several).
 */
export const unitCostsQuery = {
  description:
    'Unit costs per day × team × feature × environment × model: per inference, per successful output, per 1K tokens, per outcome.',
  params: { ...costParams, metric: { kind: 'string', default: '' } },
  sql: unitCostsSql('bedrock_invocations'),
  /** The same rows with each day's usage from `identity_daily` where it has one (see `UsageDays`). */
  sqlFor: unitCostsSql,
} as const;
