import type { QueryEngine } from '../ports/query-engine';
import { type QueryTally, runWindowed } from './sql';
import type { UnitPrices } from './unit-prices';
import { type QuarterUsage, quartersSince, quarterUsageFromRows } from './usage-quarters';
import { type UsageSeries, usageSeriesFromRows } from './usage-series';
import type { DetectionWindow } from './window';

// One read for the hourly series, the quarter hours and their usual shares: rows keep their quarter
// (`minute`) from a week before the first incomplete hour, and are summed to hours before that.
// Region is kept so each row is priced at its own rate.
const USAGE_SQL = `SELECT
  hour, IF(hour >= CAST({{quartersSince}} AS TIMESTAMP), minute, NULL) AS minute,
  region, team, feature, environment, model,
  CAST(SUM(invocations) AS BIGINT) AS invocations,
  CAST(SUM(errors) AS BIGINT) AS errors,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
FROM usage_hourly
WHERE dt BETWEEN {{from}} AND {{to}}
GROUP BY hour, IF(hour >= CAST({{quartersSince}} AS TIMESTAMP), minute, NULL), region, team, feature, environment, model
ORDER BY team, feature, environment, model, hour`;

/** What detection reads of Bedrock usage: the hourly series and the quarter hours after them. */
export interface UsageRead {
  series: UsageSeries[];
  /** By `dimensionsKey`. */
  quarters: Map<string, QuarterUsage>;
}

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * Reads `usage_hourly` for the window in one query (dt-bounded: kilobytes to megabytes, one Athena
 * minimum): the hourly series per team × feature × environment × model, and the ended quarter
 * hours of the hours not yet complete with each quarter's usual share of its hour.
 */
export async function readUsage(
  engine: QueryEngine,
  tally: QueryTally,
  window: DetectionWindow,
  prices: UnitPrices,
): Promise<UsageRead> {
  const rows = await runWindowed(
    engine,
    tally,
    window,
    USAGE_SQL,
    { quartersSince: { kind: 'string' } } as const,
    { quartersSince: sqlTime(quartersSince(window)) },
  );
  return {
    series: usageSeriesFromRows(rows, window, prices),
    quarters: quarterUsageFromRows(rows, window, prices),
  };
}
