import { addDays, dayOf, HOUR_MS } from '../lake/utc';

/** Days of history each detection run reads: seasonal baselines need several weeks. */
export const HISTORY_DAYS = 56;
/** A sample counts only once its hour is this long over: late log deliveries have landed by then. */
export const SETTLE_MS = 15 * 60_000;

/** The time span one detection run reads and judges. */
export interface DetectionWindow {
  /** When the run happens (epoch ms). */
  at: number;
  /** First and last `dt` partitions to read (inclusive): every query bounds `dt` to these. */
  from: string;
  to: string;
  /** Hourly samples before this (epoch ms) are complete. */
  completeBefore: number;
  /** Episodes whose last anomalous sample is older than this are history, not news. */
  newsSince: number;
}

/** The window of a run at `at`: 8 weeks back, news from the last `newsHours` (default 24). */
export function detectionWindow(at: Date, newsHours = 24, historyDays = HISTORY_DAYS): DetectionWindow {
  const ms = at.getTime();
  return {
    at: ms,
    from: addDays(dayOf(ms), -historyDays),
    to: dayOf(ms),
    completeBefore: Math.floor((ms - SETTLE_MS) / HOUR_MS) * HOUR_MS,
    newsSince: ms - newsHours * HOUR_MS,
  };
}

/** Epoch ms of a timestamp as the query engines return it (`YYYY-MM-DD HH:MM:SS[.sss]`, UTC). */
export function parseSqlTimestamp(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  return Date.parse(`${value.replace(' ', 'T')}${value.endsWith('Z') ? '' : 'Z'}`);
}
