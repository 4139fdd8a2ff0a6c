/**
 * UTC day and hour arithmetic, written once for every source: days are `YYYY-MM-DD` text (the
 * partition values), instants epoch milliseconds. Plain arithmetic on purpose: it runs per record
 * on the parsing hot path, where a date library's objects would cost more than they save.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A time window that cannot be: a malformed day, or an end before the start. */
export class InvalidWindowError extends Error {
  override name = 'InvalidWindowError';
}

/** Start of the UTC hour of `ms`. */
export const floorHour = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** Start of the UTC day of `ms`. */
export const floorDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

// The last day `dayOf` formatted: records come a day at a time, and formatting a Date per record
// cost more than a second of a million-record day's parse.
let lastDay = Number.NaN;
let lastDayText = '';

/** `YYYY-MM-DD` of an epoch-ms instant, UTC (throws a RangeError for a time that is not one, as `Date` does). */
export function dayOf(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDayText;
}

/** Epoch ms of a `YYYY-MM-DD` day's UTC midnight (the text is trusted: see `parseDay`). */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The day `n` days after `day` (before, for negative `n`). */
export const addDays = (day: string, n: number): string => dayOf(dayStart(day) + n * DAY_MS);

/** The first day of the month after `day`'s. */
export function nextMonthStart(day: string): string {
  const d = new Date(dayStart(day));
  return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** The first day of the month before `ms`'s. */
export function previousMonthStart(ms: number): string {
  const d = new Date(ms);
  return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
}

/** The UTC days (`YYYY-MM-DD`) that the instants [start, end) touch. */
export function daysTouched(start: number, end: number): string[] {
  const days: string[] = [];
  for (let t = floorDay(start); t < end; t += DAY_MS) days.push(dayOf(t));
  return days;
}

/** Every day from `from` to `to`, inclusive, in order. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `YYYY-MM-DD` as a UTC midnight, or throws naming the flag (no 30 February). */
export function parseDay(text: string, name: string): Date {
  const ms = DAY_TEXT.test(text) ? dayStart(text) : Number.NaN;
  if (Number.isNaN(ms) || dayOf(ms) !== text) {
    throw new InvalidWindowError(`${name} must be a date as YYYY-MM-DD, got '${text}'`);
  }
  return new Date(ms);
}
