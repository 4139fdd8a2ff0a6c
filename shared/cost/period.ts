import { addDays, nextMonthStart } from '../lake/utc';
import type { Granularity } from './cell';
import { CostInputError } from './errors';

const DAY = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.000)?(Z|\+00:00))?$/;

/** `YYYY-MM-DD` of a period bound; midnight instants (`…T00:00:00Z`) are that day. */
export function periodDay(value: unknown, origin: string, field: string): string {
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  if (!m?.[1] || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
    throw new CostInputError(
      origin,
      field,
      `expected a date YYYY-MM-DD, got ${JSON.stringify(value)}${typeof value === 'string' && value.includes('T') ? ' (HOURLY responses are not read: use DAILY)' : ''}`,
    );
  }
  return m[1];
}

/** The day after `day`. */
export const nextDay = (day: string): string => addDays(day, 1);

export { nextMonthStart };

/**
 * The granularity a period implies: one day is DAILY; more, within one calendar month, MONTHLY
 * (a partial month at either end of a request included). Anything else is not a Cost Explorer period.
 */
export function granularityOf(start: string, end: string, origin: string, field: string): Granularity {
  if (end <= start) throw new CostInputError(origin, field, `End ${end} is not after Start ${start}`);
  if (end === nextDay(start)) return 'DAILY';
  if (end <= nextMonthStart(start)) return 'MONTHLY';
  throw new CostInputError(origin, field, `period ${start}..${end} is neither one day nor within one month`);
}
