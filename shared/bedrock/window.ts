import { DAY_MS, dayOf, floorHour, HOUR_MS, InvalidWindowError, parseDay } from '../lake/utc';

export { dayOf, InvalidWindowError, parseDay };

/** A half-open range of hour folders, [from, to), UTC. */
export interface HourWindow {
  from: Date;
  to: Date;
}

/** The scheduled run's window: the current hour folder and the `lookbackHours` before it. */
export function scheduledWindow(now: Date, lookbackHours: number): HourWindow {
  const current = floorHour(now.getTime());
  return { from: new Date(current - lookbackHours * HOUR_MS), to: new Date(current + HOUR_MS) };
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
      ? new Date(floorHour(now.getTime()) + HOUR_MS)
      : new Date(parseDay(to, '--to').getTime() + DAY_MS + lateHours * HOUR_MS);
  if (end.getTime() <= start.getTime()) throw new InvalidWindowError('--to must not be before --from');
  return { from: start, to: end };
}

/** Whether [start, end) overlaps the window. */
export function overlaps(window: HourWindow, start: number, end: number): boolean {
  return start < window.to.getTime() && end > window.from.getTime();
}
