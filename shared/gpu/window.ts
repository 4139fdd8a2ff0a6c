import { DAY_MS, floorDay, floorHour, HOUR_MS, InvalidWindowError, parseDay } from '../lake/utc';

/** Hours [start, end) as epoch ms: what a run reads and replaces. */
export interface GpuWindow {
  start: number;
  end: number;
}

/** A scheduled run: the `lookbackHours` whole hours before the current (still filling) one. */
export function lookbackWindow(now: Date, lookbackHours: number): GpuWindow {
  const end = floorHour(now.getTime());
  return { start: end - lookbackHours * HOUR_MS, end };
}

/**
 * The inclusive UTC days `from`..`to` (`to` defaults to `from`, or to today with `now`), ending no
 * later than the last whole hour before `now` when given (the current hour is still filling).
 */
export function dayWindow(from: string, to: string | undefined, now?: Date): GpuWindow {
  const start = parseDay(from, '--from').getTime();
  const last = to !== undefined ? parseDay(to, '--to').getTime() : now ? floorDay(now.getTime()) : start;
  if (last < start) throw new InvalidWindowError('--to must not be before --from');
  let end = last + DAY_MS;
  if (now) end = Math.min(end, floorHour(now.getTime()));
  if (end <= start) throw new InvalidWindowError(`--from ${from} has no whole hour before now`);
  return { start, end };
}

/** The whole hours a set of data points covers; undefined when there are none. */
export function dataWindow(timestamps: Iterable<readonly number[]>): GpuWindow | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const list of timestamps)
    for (const t of list) {
      if (t < min) min = t;
      if (t > max) max = t;
    }
  return Number.isFinite(min) ? { start: floorHour(min), end: floorHour(max) + HOUR_MS } : undefined;
}

/** Whole hours of a saved request's StartTime/EndTime. */
export function requestWindow(start: number, end: number): GpuWindow {
  return { start: floorHour(start), end: Math.ceil(end / HOUR_MS) * HOUR_MS };
}
