import { allocationCtes, dollarsSql } from './allocation-sql';
import { costParams } from './cost-params';
import { dtInSql, type UsageCellsSource } from './usage-cells-sql';

/** A caller as the report names it: assumed-role sessions collapsed to `…:assumed-role/<role>/*`. */
const CALLER_SQL = `CASE
      WHEN identity_arn IS NULL THEN '(no identity logged)'
      WHEN identity_arn LIKE 'arn:%:sts::%:assumed-role/%/%'
        THEN split_part(identity_arn, '/', 1) || '/' || split_part(identity_arn, '/', 2) || '/*'
      ELSE identity_arn
    END`;

const UNTAGGED = 'dt BETWEEN {{from}} AND {{to}} AND team = {{unattributed}}';

/** One row per untagged invocation of the days `where` keeps (with `UNTAGGED`). */
const invocationCallers = (where: string) => `SELECT
    CAST(dt AS DATE) AS usage_date, model, team, feature, environment,
    ${CALLER_SQL} AS caller,
    input_tokens + output_tokens + cache_read_tokens + cache_write_tokens AS tokens
  FROM bedrock_invocations
  WHERE ${where}`;

/** `caller_cells` from one row per invocation (`invocations` counted as BIGINT, as from the aggregate). */
const invocationCallerCells = (
  where: string,
) => `SELECT usage_date, model, team, feature, environment, caller,
    COUNT(*) AS invocations, CAST(SUM(tokens) AS BIGINT) AS tokens
  FROM (${invocationCallers(where)}) AS r
  GROUP BY usage_date, model, team, feature, environment, caller`;

/** `caller_cells` from `identity_daily`: it keeps the caller, and its counts and token sums add up. */
const aggregateCallerCells = (
  where: string,
) => `SELECT CAST(dt AS DATE) AS usage_date, model, team, feature, environment,
    ${CALLER_SQL} AS caller,
    CAST(SUM(invocations) AS BIGINT) AS invocations,
    CAST(SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS tokens
  FROM identity_daily
  WHERE ${where}
  GROUP BY CAST(dt AS DATE), model, team, feature, environment, ${CALLER_SQL}`;

/**
 * `caller_cells` (per day × cell × caller of the untagged usage: invocations and tokens) from
 * `source`; with `UsageDays`, each day from the table it names, the two parts summed again.
 */
function callerCells(source: UsageCellsSource): string {
  if (source === 'bedrock_invocations') return `caller_cells AS (\n  ${invocationCallerCells(UNTAGGED)}\n)`;
  if (source === 'identity_daily') return `caller_cells AS (\n  ${aggregateCallerCells(UNTAGGED)}\n)`;
  const parts: string[] = [];
  if (source.invocations.length > 0)
    parts.push(invocationCallerCells(`${UNTAGGED} AND ${dtInSql(source.invocations)}`));
  if (source.identityDaily.length > 0)
    parts.push(aggregateCallerCells(`${UNTAGGED} AND ${dtInSql(source.identityDaily)}`));
  if (parts.length === 0) return callerCells('bedrock_invocations');
  return `caller_cells AS (
  ${parts.join('\n  UNION ALL\n  ')}
)`;
}

const tagCoverageSql = (source: UsageCellsSource): string => `${allocationCtes(source)},
day_cost AS (
  SELECT usage_date,
    SUM(allocated_cents) AS total_cents,
    SUM(CASE WHEN team = {{unattributed}} THEN allocated_cents ELSE 0 END) AS untagged_cents
  FROM allocated
  GROUP BY usage_date
),
${callerCells(source)},
caller_cost AS (
  SELECT k.usage_date, k.caller,
    CAST(SUM(k.invocations) AS BIGINT) AS invocations,
    ROUND(SUM(CASE
      WHEN a.allocated_cents IS NULL THEN 0
      WHEN a.tokens_total > 0 THEN CAST(a.allocated_cents AS DOUBLE) * k.tokens / a.tokens_total
      ELSE CAST(a.allocated_cents AS DOUBLE) * k.invocations / a.invocations
    END)) AS cents
  FROM caller_cells AS k
  JOIN (
    SELECT usage_date, model, team, feature, environment, allocated_cents, invocations,
      input_tokens + output_tokens + cache_read_tokens + cache_write_tokens AS tokens_total
    FROM allocated
  ) AS a
    ON a.usage_date = k.usage_date AND a.model = k.model AND a.team = k.team
    AND a.feature = k.feature AND a.environment = k.environment
  GROUP BY k.usage_date, k.caller
)
SELECT
  d.usage_date,
  ${dollarsSql('d.total_cents')} AS total_cost,
  ${dollarsSql('d.untagged_cents')} AS unattributed_cost,
  CASE WHEN d.total_cents > 0 THEN ROUND(100 * CAST(d.untagged_cents AS DOUBLE) / CAST(d.total_cents AS DOUBLE), 2) END AS unattributed_pct,
  c.caller,
  c.invocations AS caller_invocations,
  ${dollarsSql('c.cents')} AS caller_cost
FROM day_cost AS d
LEFT JOIN caller_cost AS c ON c.usage_date = d.usage_date
ORDER BY d.usage_date, c.cents DESC, c.caller`;

/**
 * `tag-coverage`: per day, the allocated cost, the part whose team is `{{unattributed}}` and its share;
 * then one row per caller behind that part (assumed-role sessions collapsed to `…:assumed-role/<role>/*`,
 * as `unattributedCallers` does) with its invocations and its cost — the caller's list-price share of
 * each untagged cell's allocated cost, rounded to the cent (an apportionment, so callers may not add
 * up to the untagged cost to the cent; `unattributed_cost` does).
 */
export const tagCoverageQuery = {
  description: 'Share of spend per day that is unattributed, and the callers behind it with their cost.',
  params: costParams,
  sql: tagCoverageSql('bedrock_invocations'),
  /** The same rows with each day's usage from `identity_daily` where it has one (see `UsageDays`). */
  sqlFor: tagCoverageSql,
} as const;
