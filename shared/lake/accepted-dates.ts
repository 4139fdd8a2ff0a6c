/**
 * The one range of event dates the lake accepts, shared by the parsers (which reject records
 * outside it) and the Glue partition projection (which must see every partition written): rows
 * that DuckDB would count and Athena could not see cannot exist.
 */

import { DAY_MS, dayStart, floorDay } from './utc';

/** The first accepted day: Amazon Bedrock became generally available in September 2023. */
export const FIRST_ACCEPTED_DAY = '2023-01-01';

/** Days after "now" still accepted: clock skew between callers, Bedrock and this pipeline. */
export const DAYS_AHEAD_ACCEPTED = 1;

/** The Glue `projection.dt.range` covering exactly the accepted days. */
export const PROJECTION_RANGE = `${FIRST_ACCEPTED_DAY},NOW+${DAYS_AHEAD_ACCEPTED}DAYS`;

/** Epoch-ms bounds [notBefore, notAfter] of accepted event times at `now`. */
export function acceptedTimes(now: Date): { notBefore: number; notAfter: number } {
  const today = floorDay(now.getTime());
  return {
    notBefore: dayStart(FIRST_ACCEPTED_DAY),
    notAfter: today + (DAYS_AHEAD_ACCEPTED + 1) * DAY_MS - 1,
  };
}
