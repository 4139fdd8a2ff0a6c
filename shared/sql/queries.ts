/**
 * Every SQL text the product ships, by name. Each must run unchanged on Athena (Trino) and
 * on DuckDB, so it is written in the portable subset (docs: TOOLCHAIN.md, "DuckDB as the
 * local Athena"); a test parses each with the Trino grammar and another runs each on DuckDB.
 *
 * Portable-subset rules:
 * - `AS` before every alias (DuckDB needs it for names such as `cost` or `year`).
 * - `CAST(SUM(<bigint>) AS BIGINT)`: DuckDB sums integers to HUGEINT, Trino to BIGINT.
 * - `CAST(… AS DOUBLE)` before dividing: `5/2` is 2.5 in DuckDB, 2 in Trino.
 * - `CAST(date_trunc(…) AS DATE)` when a DATE is wanted: DuckDB returns TIMESTAMP.
 * - Trino functions DuckDB lacks only through the dialect macros (`approx_percentile`,
 *   `approx_distinct`, `to_unixtime`, `from_unixtime`, `from_iso8601_timestamp`, `cardinality`).
 * - No DuckDB-only syntax (`QUALIFY`, `FROM`-first, `SELECT * EXCLUDE`, `::` casts, `list_*`).
 * - `dt` is a string (`'2026-03-02'`): compare it with string literals.
 */
export const queries = {
  /** Per team × model: invocations and token totals, over the whole lake. */
  usageByTeamModel: `SELECT
  team,
  model,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
FROM bedrock_invocations
GROUP BY team, model
ORDER BY team, model`,

  /** Per day (`dt`): invocations, token totals and how many teams were active. */
  usageByDay: `SELECT
  dt,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens,
  COUNT(DISTINCT team) AS distinct_teams
FROM bedrock_invocations
GROUP BY dt
ORDER BY dt`,

  /** Per team: invocations, all input tokens (fresh + cache) and output tokens, share of calls. */
  usageByTeam: `SELECT
  team,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) AS pct_of_calls
FROM bedrock_invocations
GROUP BY team
ORDER BY invocations DESC`,

  /** Per normalized model: invocations, tokens by kind, failed calls. */
  usageByModel: `SELECT
  model,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  count_if(error_code IS NOT NULL) AS errors
FROM bedrock_invocations
GROUP BY model
ORDER BY invocations DESC`,

  /**
   * The callers behind unattributed usage, most calls first: who to tag or map next. Sessions of one
   * assumed role count as the role (`…:assumed-role/<role>`), the form an identity rule can match.
   */
  unattributedCallers: `SELECT
  caller,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens + cache_read_tokens + cache_write_tokens + output_tokens) AS BIGINT) AS tokens
FROM (
  SELECT
    CASE
      WHEN identity_arn IS NULL THEN '(no identity logged)'
      WHEN identity_arn LIKE 'arn:%:sts::%:assumed-role/%/%'
        THEN split_part(identity_arn, '/', 1) || '/' || split_part(identity_arn, '/', 2) || '/*'
      ELSE identity_arn
    END AS caller,
    input_tokens, cache_read_tokens, cache_write_tokens, output_tokens
  FROM bedrock_invocations
  WHERE team = 'unattributed'
) AS untagged
GROUP BY caller
ORDER BY invocations DESC, caller
LIMIT 5`,
} as const satisfies Record<string, string>;

/** The name of a shipped query. */
export type QueryName = keyof typeof queries;
