import { z } from 'zod';
import { InvalidConfigError } from './errors';

/** Length of one period of the "detection did not run" alarm: the default ingest schedule's interval. */
export const DETECTION_ALARM_PERIOD_MINUTES = 15;

/** Most periods an alarm may span here: one day of 15-minute periods. */
const MAX_PERIODS = 96;

/**
 * `anomaly.notRunAlarmPeriods`: consecutive 15-minute periods without a completed detection run
 * before the "detection did not run" alarm fires (no run at all counts). When absent: 4 (an hour,
 * four runs of the default 15-minute ingest), or two intervals of a slower `rate(…)` ingest
 * schedule. `null` turns the alarm off.
 */
export const notRunAlarmPeriodsSchema = z.number().int().min(1).max(MAX_PERIODS).nullable().optional();

const KEY = 'anomaly.notRunAlarmPeriods';
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

/** Periods spanning two intervals of a `rate(…)` schedule (one late run must not alarm); 1 for a cron, whose gaps vary. */
function periodsForTwoRuns(schedule: string): number {
  const rate = RATE.exec(schedule);
  if (!rate) return 1;
  const unit = (rate[2] ?? 'minute').replace(/s$/, '');
  const interval = Number(rate[1]) * (UNIT_MINUTES[unit] ?? 1);
  return Math.ceil((2 * interval) / DETECTION_ALARM_PERIOD_MINUTES);
}

/**
 * The periods of the "detection did not run" alarm for an ingest on `schedule` (`ingest.schedule`),
 * or null for no alarm. A configured value must span two ingest runs; fails naming
 * `anomaly.notRunAlarmPeriods` when it does not, or when no alarm of at most a day can.
 */
export function detectionAlarmPeriods(
  configured: number | null | undefined,
  schedule: string,
): number | null {
  if (configured === null) return null;
  const needed = periodsForTwoRuns(schedule);
  const periods = configured ?? Math.max(4, needed);
  if (needed > MAX_PERIODS) {
    throw new InvalidConfigError(
      KEY,
      `ingest.schedule ${schedule} runs less than twice a day; set null for no alarm, or ingest at least every 12 hours`,
    );
  }
  if (periods < needed) {
    throw new InvalidConfigError(
      KEY,
      `${periods} × ${DETECTION_ALARM_PERIOD_MINUTES} minutes is less than two runs of ingest.schedule ${schedule}: use at least ${needed}, or null for no alarm`,
    );
  }
  return periods;
}
