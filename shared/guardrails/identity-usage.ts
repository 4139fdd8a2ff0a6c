import { num, type QueryTally, runWindowed, str } from '../anomaly/sql';
import { UnitPrices } from '../anomaly/unit-prices';
import type { QueryEngine, SqlValue } from '../ports/query-engine';
import type { PriceRow } from '../pricing/price-row';
import { tokenMicros } from '../recommend/micros';

/** Calls of one identity to one model on one UTC day, with their list-price estimate. */
export interface IdentityCalls {
  day: string;
  identity: string;
  account: string;
  region: string;
  model: string;
  team: string;
  feature: string;
  environment: string;
  invocations: number;
  /** Estimated micro-dollars (tokens × list prices, exact to the micro-dollar); null when the model has no price. */
  cost: bigint | null;
}

/** Summed over scopes: the identity estimate prices each call at its model's price in its Region. */
const SQL = `SELECT
  CAST(dt AS DATE) AS usage_date, COALESCE(identity_arn, '') AS identity_arn, account_id, region, model,
  team, feature, environment,
  CAST(SUM(invocations) AS BIGINT) AS invocations,
  CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
  CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
  CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
FROM identity_daily
WHERE dt BETWEEN {{from}} AND {{to}}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

/** A token count as the engines give it (a number when safe, a bigint beyond). */
const tokens = (value: SqlValue | undefined): bigint =>
  typeof value === 'bigint' ? value : BigInt(value === null || value === undefined ? 0 : num(value));

/**
 * Calls per day × identity × model × team × feature × environment in `[from, to]`, priced from the
 * price book as an estimate: the bill does not name callers, so per-identity spend is always estimated.
 * Read from `identity_daily`, the day's aggregate the ingest writes with `bedrock_invocations`.
 */
export async function identityUsage(
  engine: QueryEngine,
  tally: QueryTally,
  window: { from: string; to: string },
  book: readonly PriceRow[],
): Promise<IdentityCalls[]> {
  const rows = await runWindowed(engine, tally, window, SQL);
  const prices = new Map<string, UnitPrices>();
  return rows.map((r) => {
    const day = str(r.usage_date).slice(0, 10);
    const dayPrices = prices.get(day) ?? new UnitPrices(book, day);
    prices.set(day, dayPrices);
    const p = dayPrices.tokenPriceTexts(str(r.model), str(r.region));
    const cost = p
      ? tokenMicros(tokens(r.input_tokens), p.input) +
        tokenMicros(tokens(r.output_tokens), p.output) +
        tokenMicros(tokens(r.cache_read_tokens), p.cacheRead) +
        tokenMicros(tokens(r.cache_write_tokens), p.cacheWrite)
      : null;
    return {
      day,
      identity: str(r.identity_arn),
      account: str(r.account_id),
      region: str(r.region),
      model: str(r.model),
      team: str(r.team),
      feature: str(r.feature),
      environment: str(r.environment),
      invocations: num(r.invocations),
      cost,
    };
  });
}
