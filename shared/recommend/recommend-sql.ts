import { SCOPE_SQL } from '../sql/finops/compact-sql';
import type { ShippedQuery } from '../sql/queries';

/**
 * The SQL recommend runs besides the shipped cost queries, in the portable Trino/DuckDB subset of
 * shared/sql/queries.ts, bounded by `dt`, values only as `{{name}}` parameters.
 */
const range = { from: { kind: 'date' }, to: { kind: 'date' } } as const;

/** Per team × feature × environment × model × Region scope: calls, errors, tokens, prompt p95, busy 5-minute slots. */
export const modelUsageSql = {
  description: 'Bedrock usage profile per team × feature × environment × model × scope.',
  params: range,
  sql: `SELECT
  team, feature, environment, model, scope,
  COUNT(*) AS invocations,
  count_if(error_code IS NOT NULL) AS errors,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens,
  CAST(ROUND(approx_percentile(CAST(prompt_tokens AS DOUBLE), 0.95)) AS BIGINT) AS p95_prompt_tokens,
  COUNT(DISTINCT slot) AS active_slots
FROM (
  SELECT team, feature, environment, model, ${SCOPE_SQL} AS scope, error_code,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
    input_tokens + cache_read_tokens + cache_write_tokens AS prompt_tokens,
    CAST(floor(to_unixtime(event_time) / 300) AS BIGINT) AS slot
  FROM bedrock_invocations
  WHERE dt BETWEEN {{from}} AND {{to}}
) AS calls
GROUP BY team, feature, environment, model, scope
ORDER BY team, feature, environment, model, scope`,
} as const satisfies ShippedQuery;

/** The latest standard-tier list price per item × scope × charge in effect on `to`. */
export const listPricesSql = {
  description: 'Latest list prices per item × scope × charge.',
  params: { to: { kind: 'date' } },
  sql: `SELECT item, scope, charge, price
FROM (
  SELECT item, scope, charge, price,
    ROW_NUMBER() OVER (
      PARTITION BY item, scope, charge
      ORDER BY CASE WHEN region = '*' THEN 0 ELSE 1 END, effective_date DESC
    ) AS rn
  FROM prices
  WHERE dt <= {{to}} AND tier = 'standard' AND effective_date <= CAST({{to}} AS DATE)
) AS p
WHERE rn = 1
ORDER BY item, scope, charge`,
} as const satisfies ShippedQuery;

/** GPU hours per resource and UTC hour (the hour-of-week heatmap and off-peak windows come from these). */
export const gpuHoursSql = {
  description: 'GPU utilization per resource per UTC hour.',
  params: range,
  sql: `SELECT
  resource_id, source, CAST(CAST(hour AS DATE) AS VARCHAR) AS day, hour(hour) AS hod,
  gpu_util_avg, gpu_count
FROM gpu_hourly
WHERE dt BETWEEN {{from}} AND {{to}}
ORDER BY resource_id, source, day, hod`,
} as const satisfies ShippedQuery;

/**
 * Tokens per SageMaker endpoint and UTC hour: Bedrock calls whose model id is an endpoint ARN (Bedrock
 * Marketplace endpoints are called through bedrock-runtime with the endpoint ARN as model id). Input
 * counts cache reads and writes: all prompt tokens the endpoint processed.
 */
export const endpointTokensSql = {
  description: 'Tokens served per SageMaker endpoint (model id = endpoint ARN) per UTC hour.',
  params: range,
  sql: `SELECT model, day, hod,
  CAST(SUM(prompt_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens
FROM (
  SELECT model, CAST(CAST(event_time AS DATE) AS VARCHAR) AS day, hour(event_time) AS hod,
    input_tokens + cache_read_tokens + cache_write_tokens AS prompt_tokens, output_tokens
  FROM bedrock_invocations
  WHERE dt BETWEEN {{from}} AND {{to}} AND lower(model) LIKE 'arn:aws%:sagemaker:%:endpoint/%'
) AS calls
GROUP BY model, day, hod
ORDER BY model, day, hod`,
} as const satisfies ShippedQuery;

/** The latest score per feature × model × metric evaluated on or before `to`. */
export const evaluationScoresSql = {
  description: 'Latest evaluation score per feature × model × metric.',
  params: { to: { kind: 'date' } },
  sql: `SELECT feature, model, metric, score
FROM (
  SELECT feature, model, metric, score,
    ROW_NUMBER() OVER (PARTITION BY feature, model, metric ORDER BY eval_date DESC) AS rn
  FROM evaluations
  WHERE dt <= {{to}}
) AS e
WHERE rn = 1
ORDER BY feature, model, metric`,
} as const satisfies ShippedQuery;

/** Every SQL text recommend runs, by name (the grammar test iterates these). */
export const recommendSql = {
  modelUsageSql,
  listPricesSql,
  gpuHoursSql,
  endpointTokensSql,
  evaluationScoresSql,
} as const;
