import { costQueries } from './finops/cost-queries';
import type { UsageDays } from './finops/usage-days';
import { type ParamSpecs, type ParamValues, renderSql } from './params';

/**
 * Every SQL text the product ships, by name. Each must run unchanged on Athena (Trino) and
 * on DuckDB, so it is written in the portable subset below (what DuckDB lacks is mapped in
 * `duckdb-dialect.ts`); a test parses each with the Trino grammar and another runs each on DuckDB.
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
 * - Values come in only as `{{name}}` parameters, declared with a kind and rendered as validated
 *   literals by `renderQuery` (see `params.ts`): never by concatenating strings.
 */
/** One shipped query: its SQL template and the parameters it takes. */
export interface ShippedQuery<P extends ParamSpecs = ParamSpecs> {
  description: string;
  params: P;
  /** Trino SQL with `{{name}}` placeholders. */
  sql: string;
  /**
   * For a query over Bedrock usage: the same query with each day's usage read from the table
   * `UsageDays` names for it (the compact `identity_daily` where the day has one): same rows.
   */
  sqlFor?: (days: UsageDays) => string;
}

function shipped<const P extends ParamSpecs>(query: ShippedQuery<P>): ShippedQuery<P> {
  return query;
}

/** The day range every report query takes: `from` and `to` inclusive, `YYYY-MM-DD` (UTC days, the `dt` partitions). */
const range = { from: { kind: 'date' }, to: { kind: 'date' } } as const;

/** Keeps partition pruning: both engines skip the `dt` folders outside the range. */
const inRange = 'dt BETWEEN {{from}} AND {{to}}';

export const queries = {
  usageByTeamModel: shipped({
    description: 'Per team × model: invocations and token totals.',
    params: range,
    sql: `SELECT
  team,
  model,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
FROM bedrock_invocations
WHERE ${inRange}
GROUP BY team, model
ORDER BY team, model`,
  }),

  usageByDay: shipped({
    description: 'Per day (`dt`): invocations, token totals and how many teams were active.',
    params: range,
    sql: `SELECT
  dt,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens,
  COUNT(DISTINCT team) AS distinct_teams
FROM bedrock_invocations
WHERE ${inRange}
GROUP BY dt
ORDER BY dt`,
  }),

  usageByTeam: shipped({
    description: 'Per team: invocations, all input tokens (fresh + cache) and output tokens, share of calls.',
    params: range,
    sql: `SELECT
  team,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) AS pct_of_calls
FROM bedrock_invocations
WHERE ${inRange}
GROUP BY team
ORDER BY invocations DESC`,
  }),

  usageByModel: shipped({
    description: 'Per normalized model: invocations, tokens by kind, failed calls.',
    params: range,
    sql: `SELECT
  model,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  count_if(error_code IS NOT NULL) AS errors
FROM bedrock_invocations
WHERE ${inRange}
GROUP BY model
ORDER BY invocations DESC`,
  }),

  /**
   * The callers behind unattributed usage, most calls first: who to tag or map next. Sessions of one
   * assumed role count as the role (`…:assumed-role/<role>`), the form an identity rule can match.
   * `unattributed` is the configured label (`attribution.unattributed`), so it has no default.
   */
  unattributedCallers: shipped({
    description: 'The callers behind unattributed usage, most calls first.',
    params: {
      ...range,
      unattributed: { kind: 'string' },
      limit: { kind: 'integer', min: 1, max: 10_000, default: 5 },
    },
    sql: `SELECT
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
  WHERE ${inRange} AND team = {{unattributed}}
) AS untagged
GROUP BY caller
ORDER BY invocations DESC, caller
LIMIT {{limit}}`,
  }),

  /** Cost queries: allocation, unit costs, GPU efficiency, trends, estimate vs bill, tag coverage. */
  ...costQueries,
} as const;

/** The name of a shipped query. */
export type QueryName = keyof typeof queries;

/** The parameter values shipped query `name` takes. */
export type QueryParams<N extends QueryName> = ParamValues<(typeof queries)[N]['params']>;

/** True when query `name` reads Bedrock usage per day and can take `UsageDays` (see `renderQuery`). */
export function takesUsageDays(name: QueryName): boolean {
  return (queries[name] as ShippedQuery).sqlFor !== undefined;
}

/**
 * The SQL of shipped query `name` with `params` validated and written in as literals, ready for
 * either engine. Given `usageDays` (listed for the same window), a query that reads usage reads each
 * day from the table named for it; the rows are the same. Throws `SqlParamError` for a missing or
 * invalid parameter.
 */
export function renderQuery<N extends QueryName>(
  name: N,
  params: QueryParams<N>,
  usageDays?: UsageDays,
): string {
  const query: ShippedQuery = queries[name];
  const sql = usageDays && query.sqlFor ? query.sqlFor(usageDays) : query.sql;
  return renderSql(sql, query.params, params as ParamValues<ParamSpecs>);
}
