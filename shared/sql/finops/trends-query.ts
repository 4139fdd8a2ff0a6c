import { allocationCtes, dollarsSql } from './allocation-sql';
import { costParams } from './cost-params';
import { changePctSql, perUnitSql } from './ratio-sql';
import type { UsageCellsSource } from './usage-cells-sql';

const period = (unit: 'week' | 'month') => `SELECT '${unit}' AS period,
    CAST(date_trunc('${unit}', usage_date) AS DATE) AS period_start,
    team, feature,
    COUNT(DISTINCT model) AS models,
    CAST(SUM(invocations) AS BIGINT) AS invocations,
    CAST(SUM(successful_invocations) AS BIGINT) AS successful_invocations,
    CAST(SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS tokens,
    CAST(SUM(allocated_cents) AS BIGINT) AS cents,
    bool_or(estimated) AS estimated
  FROM allocated
  GROUP BY CAST(date_trunc('${unit}', usage_date) AS DATE), team, feature`;

const trendsSql = (source: UsageCellsSource): string => `${allocationCtes(source)},
periods AS (
  ${period('week')}
  UNION ALL
  ${period('month')}
),
unit AS (
  SELECT p.*,
    ${perUnitSql('cents', 'invocations')} AS cost_per_inference,
    ${perUnitSql('cents', 'successful_invocations')} AS cost_per_successful_output,
    ${perUnitSql('cents', 'tokens', 1000)} AS cost_per_1k_tokens
  FROM periods AS p
),
compared AS (
  SELECT u.*,
    LAG(period_start) OVER w AS previous_period_start,
    LAG(cost_per_inference) OVER w AS previous_cost_per_inference,
    LAG(cost_per_successful_output) OVER w AS previous_cost_per_successful_output,
    LAG(cost_per_1k_tokens) OVER w AS previous_cost_per_1k_tokens
  FROM unit AS u
  WINDOW w AS (PARTITION BY period, team, feature ORDER BY period_start)
)
SELECT
  period, period_start, team, feature, models, invocations,
  ${dollarsSql('cents')} AS allocated_cost,
  cost_per_inference, cost_per_successful_output, cost_per_1k_tokens,
  previous_period_start,
  ${changePctSql('cost_per_inference', 'previous_cost_per_inference')} AS cost_per_inference_change_pct,
  ${changePctSql('cost_per_successful_output', 'previous_cost_per_successful_output')} AS cost_per_successful_output_change_pct,
  ${changePctSql('cost_per_1k_tokens', 'previous_cost_per_1k_tokens')} AS cost_per_1k_tokens_change_pct,
  estimated
FROM compared
ORDER BY period, team, feature, period_start`;

/**
 * `trends`: per ISO week (Monday) and per calendar month × team × feature (all models together, so
 * a switch of model shows as a change of the feature's unit cost), the unit costs and their change
 * from the previous period present: "cost per inference fell 18% week over week". Give a window
 * that covers the previous periods too; a period cut by the window is a partial period.
 */
export const trendsQuery = {
  description: 'Week-over-week and month-over-month change of unit costs per team × feature.',
  params: costParams,
  sql: trendsSql('bedrock_invocations'),
  /** The same rows with each day's usage from `identity_daily` where it has one (see `UsageDays`). */
  sqlFor: trendsSql,
} as const;
