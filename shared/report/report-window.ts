import type { ReportWindow } from './report-input';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ms = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Whether `window` is two real days in order (`from` ≤ `to`). */
export function isValidWindow(window: ReportWindow): boolean {
  return (
    DAY.test(window.from) &&
    DAY.test(window.to) &&
    !Number.isNaN(ms(window.from)) &&
    !Number.isNaN(ms(window.to)) &&
    window.from <= window.to
  );
}

/** Days in the window, both ends counted. */
export const windowDays = (window: ReportWindow): number => (ms(window.to) - ms(window.from)) / DAY_MS + 1;

/** The window of the same length just before `window`: what "change" compares with. */
export function previousWindow(window: ReportWindow): ReportWindow {
  const length = windowDays(window);
  return { from: day(ms(window.from) - length * DAY_MS), to: day(ms(window.from) - DAY_MS) };
}

/**
 * The window `trends` runs over: from the start of the week and of the month before `from`, so the
 * first week and month of the report have a previous period to compare with (as the query asks).
 */
export function trendsWindow(window: ReportWindow): ReportWindow {
  const start = new Date(ms(window.from));
  const weekday = (start.getUTCDay() + 6) % 7; // Monday = 0, as date_trunc('week') counts
  const previousMonday = ms(window.from) - (weekday + 7) * DAY_MS;
  const previousMonth = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1);
  return { from: day(Math.min(previousMonday, previousMonth)), to: window.to };
}
