/** A time window that cannot be: a malformed day, or an end before the start. */
export class InvalidWindowError extends Error {
  override name = 'InvalidWindowError';
}

/** A half-open range of hour folders, [from, to), UTC. */
export interface HourWindow {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Truncates to the start of the UTC hour. */
export function floorHour(t: Date): Date {
  return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
}

/** The scheduled run's window: the current hour folder and the `lookbackHours` before it. */
export function scheduledWindow(now: Date, lookbackHours: number): HourWindow {
  const current = floorHour(now).getTime();
  return { from: new Date(current - lookbackHours * HOUR), to: new Date(current + HOUR) };
}

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `YYYY-MM-DD` as a UTC midnight, or throws naming the flag. */
export function parseDay(text: string, name: string): Date {
  const ms = DAY_TEXT.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new InvalidWindowError(`${name} must be a date as YYYY-MM-DD, got '${text}'`);
  }
  return new Date(ms);
}

/**
 * The hour folders for `--from`/`--to` (inclusive UTC days). Only `--from`: up to the current hour.
 * Only `--to`: everything up to the end of that day. Neither: undefined (read the whole source).
 * `lateHours` more folders after `--to` are read, since records of its last hours arrive in them.
 */
export function dayWindow(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  lateHours = 0,
): HourWindow | undefined {
  if (from === undefined && to === undefined) return undefined;
  const start = from === undefined ? new Date(0) : parseDay(from, '--from');
  const end =
    to === undefined
      ? new Date(floorHour(now).getTime() + HOUR)
      : new Date(parseDay(to, '--to').getTime() + DAY + lateHours * HOUR);
  if (end.getTime() <= start.getTime()) throw new InvalidWindowError('--to must not be before --from');
  return { from: start, to: end };
}

/** Whether [start, end) overlaps the window. */
export function overlaps(window: HourWindow, start: number, end: number): boolean {
  return start < window.to.getTime() && end > window.from.getTime();
}

/** `YYYY-MM-DD` of an epoch-ms instant, UTC. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
