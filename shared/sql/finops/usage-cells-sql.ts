import { sqlLiteral } from '../params';
import { SCOPE_SQL } from './compact-sql';
import { PRICE_LOOKUP_CTES } from './price-lookup-sql';
import type { UsageDays } from './usage-days';

/** `tokens × price` of one token type, NULL only when there are tokens and no price. */
const term = (tokens: string, price: string) =>
  `CASE WHEN u.${tokens} = 0 THEN 0 ELSE u.${tokens} * p.${price} END`;

/**
 * Where the usage cells come from: the raw invocations, the compact daily aggregate the ingest writes
 * beside them, or each day from one of them (`UsageDays`: the aggregate where the day has one).
 */
export type UsageCellsSource = 'bedrock_invocations' | 'identity_daily' | UsageDays;

/** The measures of `usage_rows`, summed from one row per invocation. */
const INVOCATION_SUMS = `COUNT(*) AS invocations,
    count_if(error_code IS NULL) AS successful_invocations,
    CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
    CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
    CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
    CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens`;

/** The same measures from `identity_daily`'s sums (counts and token sums add up). */
const IDENTITY_SUMS = `CAST(SUM(invocations) AS BIGINT) AS invocations,
    CAST(SUM(invocations - errors) AS BIGINT) AS successful_invocations,
    CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
    CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
    CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
    CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens`;

const KEYS = 'usage_date, model, region, scope, team, feature, environment';

/** `dt IN (…)`: validated day literals, so the engines prune partitions before reading. */
export function dtInSql(days: readonly string[]): string {
  return `dt IN (${days.map((d) => sqlLiteral('day', { kind: 'date' }, d)).join(', ')})`;
}

/** `usage_keys`, then `name` (the `usage_rows` columns) from one row per invocation of the days `where` keeps. */
const invocationRows = (name: string, where: string) => `usage_keys AS (
  SELECT
    CAST(dt AS DATE) AS usage_date, model, region, team, feature, environment,
    ${SCOPE_SQL} AS scope,
    error_code, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens
  FROM bedrock_invocations
  WHERE ${where}
),
${name} AS (
  SELECT
    ${KEYS},
    ${INVOCATION_SUMS}
  FROM usage_keys
  GROUP BY ${KEYS}
)`;

/**
 * `name` (the `usage_rows` columns) from `identity_daily`, summed over callers and accounts: its
 * groups hold the scope `SCOPE_SQL` gives each model id, and counts and token sums add up, so the
 * rows equal those from the invocations of the same days.
 */
const identityRows = (name: string, where: string) => `${name} AS (
  SELECT
    CAST(dt AS DATE) AS usage_date, model, region, scope, team, feature, environment,
    ${IDENTITY_SUMS}
  FROM identity_daily
  WHERE ${where}
  GROUP BY CAST(dt AS DATE), model, region, scope, team, feature, environment
)`;

const WINDOW = 'dt BETWEEN {{from}} AND {{to}}';

/**
 * `usage_rows` of the window, each day from the table `days` names for it. With no day in either
 * list (nothing listed in the window) it reads the invocations of the window, which hold nothing.
 */
function splitRows(days: UsageDays): string {
  const parts: string[] = [];
  const names: string[] = [];
  if (days.invocations.length > 0) {
    parts.push(invocationRows('invocation_rows', `${WINDOW} AND ${dtInSql(days.invocations)}`));
    names.push('invocation_rows');
  }
  if (days.identityDaily.length > 0) {
    parts.push(identityRows('aggregate_rows', `${WINDOW} AND ${dtInSql(days.identityDaily)}`));
    names.push('aggregate_rows');
  }
  if (names.length === 0) return invocationRows('usage_rows', WINDOW);
  const union = names.map(
    (n) => `SELECT ${KEYS}, invocations, successful_invocations, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens FROM ${n}`,
  );
  return `${parts.join(',\n')},
usage_rows AS (
  ${union.join('\n  UNION ALL\n  ')}
)`;
}

function usageRows(source: UsageCellsSource): string {
  if (source === 'bedrock_invocations') return invocationRows('usage_rows', WINDOW);
  if (source === 'identity_daily') return identityRows('usage_rows', WINDOW);
  return splitRows(source);
}

/**
 * CTEs from `source` in the window to `cells`: one row per day × model × team × feature ×
 * environment with invocations, successful ones, tokens by type, the list cost in micro-dollars
 * (tokens × price per 1M; exact; NULL when a token type used has no price) and `unpriced`;
 * `priced_rows` keeps the list cost per token type and Region scope. `usage_hourly` cannot be a
 * source: it has no scope, and a cross-Region profile is priced apart from in-Region calls.
 */
export const usageCellsCtes = (source: UsageCellsSource): string => `${usageRows(source)},
price_keys AS (
  SELECT DISTINCT usage_date, model, region, scope FROM usage_rows
),
${PRICE_LOOKUP_CTES},
priced_rows AS (
  SELECT
    u.*,
    ${term('input_tokens', 'input_price')} AS input_micro,
    ${term('output_tokens', 'output_price')} AS output_micro,
    ${term('cache_read_tokens', 'cache_read_price')} AS cache_read_micro,
    ${term('cache_write_tokens', 'cache_write_price')} AS cache_write_micro,
    ${term('input_tokens', 'input_price')}
      + ${term('output_tokens', 'output_price')}
      + ${term('cache_read_tokens', 'cache_read_price')}
      + ${term('cache_write_tokens', 'cache_write_price')} AS list_micro
  FROM usage_rows AS u
  LEFT JOIN unit_prices AS p
    ON p.usage_date = u.usage_date AND p.model = u.model AND p.region = u.region AND p.scope = u.scope
),
cells AS (
  SELECT
    usage_date, model, team, feature, environment,
    CAST(SUM(invocations) AS BIGINT) AS invocations,
    CAST(SUM(successful_invocations) AS BIGINT) AS successful_invocations,
    CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
    CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
    CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
    CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens,
    CAST(SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS tokens,
    bool_or(list_micro IS NULL) AS unpriced,
    CASE WHEN bool_or(list_micro IS NULL) THEN NULL ELSE SUM(list_micro) END AS list_micro
  FROM priced_rows
  GROUP BY usage_date, model, team, feature, environment
)`;
