import type { CostExplorerConfig } from '../config/cost-explorer-schema';
import {
  DAY_MS,
  dayOf,
  daysBetween,
  floorDay,
  InvalidWindowError,
  parseDay,
  previousMonthStart,
} from '../lake/utc';

/** Inclusive UTC days `from`..`to`. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * The days a scheduled run re-pulls at `now`: the last `lookbackDays` days up to today (today's
 * figures are estimates, restated later), and during the first `previousMonthDays` days of a month
 * the whole previous month too (credits, refunds and amortization restate it after it closes).
 */
export function lookbackRange(
  now: Date,
  config: Pick<CostExplorerConfig, 'lookbackDays' | 'previousMonthDays'>,
): DayRange {
  const today = floorDay(now.getTime());
  let from = dayOf(today - config.lookbackDays * DAY_MS);
  if (now.getUTCDate() <= config.previousMonthDays) {
    const previousMonth = previousMonthStart(today);
    if (previousMonth < from) from = previousMonth;
  }
  return { from, to: dayOf(today) };
}

/** `--from`/`--to` (inclusive days) checked, or the look-back when both are absent. */
export function costRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  config: Pick<CostExplorerConfig, 'lookbackDays' | 'previousMonthDays'>,
): DayRange {
  if (from === undefined && to === undefined) return lookbackRange(now, config);
  const defaults = lookbackRange(now, config);
  const range = { from: from ?? defaults.from, to: to ?? defaults.to };
  parseDay(range.from, '--from');
  parseDay(range.to, '--to');
  if (range.to < range.from) throw new InvalidWindowError('--to must not be before --from');
  return range;
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  return daysBetween(range.from, range.to);
}
