import { BILL_CTES } from './bill-sql';
import { costParams } from './cost-params';
import { type UsageCellsSource, usageCellsCtes } from './usage-cells-sql';

/**
 * True when `column` is a SageMaker endpoint ARN: Bedrock calls to an endpoint (Marketplace models
 * deployed on SageMaker) log the endpoint ARN as model id and are billed as SageMaker hosting
 * (instance hours), not per token.
 */
export const sagemakerEndpointSql = (column: string): string =>
  `lower(${column}) LIKE 'arn:aws%:sagemaker:%:endpoint/%'`;

const predictedPart = (type: string, tokens: string) => `SELECT usage_date, model, '${type}' AS token_type,
    CAST(SUM(${tokens}) AS BIGINT) AS tokens,
    CASE WHEN bool_or(${type}_micro IS NULL) THEN NULL ELSE SUM(${type}_micro) END AS micro
  FROM priced_rows
  GROUP BY usage_date, model`;

const estimateVsBillSql = (source: UsageCellsSource): string => `WITH
${usageCellsCtes(source)},
${BILL_CTES},
predicted AS (
  ${predictedPart('input', 'input_tokens')}
  UNION ALL
  ${predictedPart('output', 'output_tokens')}
  UNION ALL
  ${predictedPart('cache_read', 'cache_read_tokens')}
  UNION ALL
  ${predictedPart('cache_write', 'cache_write_tokens')}
),
billed AS (
  SELECT usage_date, COALESCE(model, '(unmapped)') AS model, token_type,
    SUM(billed_cost) AS billed_cost, bool_or(estimated) AS estimated
  FROM bill_lines
  GROUP BY usage_date, COALESCE(model, '(unmapped)'), token_type
),
bill_days AS (SELECT DISTINCT usage_date FROM bill_lines),
compared AS (
  SELECT
    COALESCE(p.usage_date, b.usage_date) AS usage_date,
    COALESCE(p.model, b.model) AS model,
    COALESCE(p.token_type, b.token_type) AS token_type,
    COALESCE(p.tokens, 0) AS tokens,
    CAST(p.micro * CAST(0.000001 AS DECIMAL(7,6)) AS DECIMAL(24,10)) AS estimated_cost,
    CAST(b.billed_cost AS DECIMAL(24,10)) AS billed_cost,
    CASE WHEN ${sagemakerEndpointSql('COALESCE(p.model, b.model)')} THEN 'sagemaker-hosting' ELSE 'tokens' END
      AS billed_as,
    p.usage_date IS NOT NULL AND p.micro IS NULL AND NOT (${sagemakerEndpointSql('p.model')}) AS unpriced,
    COALESCE(b.estimated, false) AS bill_estimated
  FROM predicted AS p
  FULL OUTER JOIN billed AS b
    ON b.usage_date = p.usage_date AND b.model = p.model AND b.token_type = p.token_type
  WHERE COALESCE(p.tokens, 0) > 0 OR b.billed_cost IS NOT NULL
)
SELECT
  c.usage_date, c.model, c.token_type, c.tokens, c.estimated_cost, c.billed_cost,
  CAST(c.billed_cost - c.estimated_cost AS DECIMAL(24,10)) AS gap,
  CASE WHEN c.estimated_cost > 0
    THEN ROUND((CAST(c.billed_cost AS DOUBLE) / CAST(c.estimated_cost AS DOUBLE) - 1) * 100, 2)
  END AS gap_pct,
  d.usage_date IS NOT NULL AS bill_arrived,
  c.bill_estimated,
  c.unpriced,
  c.billed_as,
  d.usage_date IS NOT NULL AND (
    c.billed_cost IS NULL OR c.estimated_cost IS NULL
    OR abs(c.billed_cost - c.estimated_cost) * 100 > c.estimated_cost * {{gap_pct}}
  ) AS flagged
FROM compared AS c
LEFT JOIN bill_days AS d ON d.usage_date = c.usage_date
ORDER BY c.usage_date, c.model, c.token_type`;

/**
 * `estimate-vs-bill`: per day × model × token type, tokens × list prices (the estimate) against the
 * billed amount, the gap in dollars and percent; `flagged` when the day's bill has arrived and the gap
 * exceeds `gap_pct` percent of the estimate, or one side is missing (un-logged traffic, a price change,
 * usage billed under another service, an unpriced model). Bill lines that map to no model show as
 * `(unmapped)`; those that name no token type as `other`. `billed_as` is `sagemaker-hosting` for calls
 * to a SageMaker endpoint (no token price, no Bedrock bill line: not `unpriced`, and no estimate
 * rather than $0), else `tokens`.
 */
export const estimateVsBillQuery = {
  description: 'List-price estimate against the bill per day × model × token type, with the gap and a flag.',
  params: { ...costParams, gap_pct: { kind: 'integer', min: 0, max: 100_000, default: 10 } },
  sql: estimateVsBillSql('bedrock_invocations'),
  /** The same rows with each day's usage from `identity_daily` where it has one (see `UsageDays`). */
  sqlFor: estimateVsBillSql,
} as const;
