import type { SamplingInterval } from './interval';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Which calendar cycles a series can be compared against, in number of samples per cycle. */
export interface SeasonalPeriods {
  /** Samples per day, when a same-hour-of-day comparison makes sense. */
  daily?: number;
  /** Samples per week, when a same-day-of-week (and hour) comparison makes sense. */
  weekly?: number;
}

/** History a cycle needs before it is used: two full cycles, so each slot has been seen twice. */
export const MIN_CYCLES = 2;

/**
 * The seasonal periods a series supports, derived from its interval and how much history it has:
 * daily when samples are at most 6 hours apart and the history spans two days, weekly when samples
 * are at most a day apart and the history spans two weeks. None for irregular sampling.
 */
export function inferSeasonality(interval: SamplingInterval | undefined, historyMs: number): SeasonalPeriods {
  if (!interval?.regular) return {};
  const { intervalMs } = interval;
  const periods: SeasonalPeriods = {};
  if (intervalMs <= 6 * HOUR && historyMs >= MIN_CYCLES * DAY) periods.daily = Math.round(DAY / intervalMs);
  if (intervalMs <= DAY && historyMs >= MIN_CYCLES * WEEK) periods.weekly = Math.round(WEEK / intervalMs);
  return periods;
}

/** Hour of the UTC day (0..23): the daily slot. Samples within an hour share it, so 5-minute data learns fast. */
export const hourOfDay = (ms: number): number => Math.floor((((ms % DAY) + DAY) % DAY) / HOUR);

/** Day of the UTC week, 0 = Sunday (1970-01-01 was a Thursday). */
export const dayOfWeek = (ms: number): number => (((Math.floor(ms / DAY) + 4) % 7) + 7) % 7;

/** The weekly slot: day of week for daily data, day of week × hour otherwise (168 slots). */
export const weekSlot = (ms: number, intervalMs: number): number =>
  intervalMs >= DAY ? dayOfWeek(ms) : dayOfWeek(ms) * 24 + hourOfDay(ms);
