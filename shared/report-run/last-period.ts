import type { ReportWindow } from '../report/report-input';

/** Which report a scheduled run makes. */
export type ReportPeriod = 'week' | 'month';

const DAY_MS = 86_400_000;
const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** The calendar day `at` falls on in `timeZone`, `YYYY-MM-DD`. */
export function localDay(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The last full week (Monday to Sunday) or calendar month before the day `at` falls on in
 * `timeZone`. A run at Monday 06:00 Berlin reports the week that ended the day before, there.
 */
export function lastFullPeriod(period: ReportPeriod, at: Date, timeZone: string): ReportWindow {
  const today = Date.parse(`${localDay(at, timeZone)}T00:00:00Z`);
  const date = new Date(today);
  if (period === 'week') {
    const sinceMonday = (date.getUTCDay() + 6) % 7;
    const monday = today - (sinceMonday + 7) * DAY_MS;
    return { from: dayOf(monday), to: dayOf(monday + 6 * DAY_MS) };
  }
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
  const last = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) - DAY_MS;
  return { from: dayOf(first), to: dayOf(last) };
}

/** The store prefix of one report's files: `reports/<period>/<from>_<to>`. */
export function reportPrefix(period: ReportPeriod, window: ReportWindow): string {
  return `reports/${period}/${window.from}_${window.to}`;
}
