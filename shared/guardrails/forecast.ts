import { addDays, DAY_MS, dayOf, dayStart } from './period';

/** How the period's spend was projected: the figures the method used, for the message and the tests. */
export interface Forecast {
  /** Dollars expected by the end of the period: spent so far plus the rest. */
  total: number;
  /** Spend per average day with the weekly pattern taken out (dollars). */
  level: number;
  /** Sunday-first multipliers of `level` for each weekday (all 1 without four weeks of history). */
  weekday: number[];
  /** Whether today's run rate, not the last week, set the level (a run-up in progress). */
  fromRunRate: boolean;
}

const HISTORY_DAYS = 28;
const LEVEL_DAYS = 7;
/** Before this share of today has passed, today's rate is too noisy to project from. */
const MIN_ELAPSED = 2 / 24;

/**
 * Projects the spend of a period (`docs/decisions/0006-guardrails.md`): weekday factors from the 28
 * complete days before today (each weekday's mean over the overall mean), a level from the last 7
 * complete days with those factors divided out — or today's run rate so far when that is higher —
 * and then, for the rest of today and each remaining day of the period, level × that weekday's factor.
 * `daily` holds dollars per UTC day (missing days are $0); `at` is now; `end` is the period's end (ms).
 */
export function forecastPeriod(
  daily: ReadonlyMap<string, number>,
  spentInPeriod: number,
  at: number,
  end: number,
): Forecast {
  const today = dayOf(at);
  const spend = (day: string) => daily.get(day) ?? 0;
  const dow = (day: string) => new Date(dayStart(day)).getUTCDay();
  const firstData = [...daily.keys()].filter((d) => d < today).sort()[0];
  const history: string[] = [];
  for (let i = HISTORY_DAYS; i >= 1; i--) history.push(addDays(today, -i));
  const weekday = [1, 1, 1, 1, 1, 1, 1];
  if (firstData !== undefined && firstData <= (history[0] as string)) {
    const mean = history.reduce((s, d) => s + spend(d), 0) / history.length;
    if (mean > 0)
      for (let w = 0; w < 7; w++) {
        const same = history.filter((d) => dow(d) === w);
        const m = same.reduce((s, d) => s + spend(d), 0) / same.length;
        // A weekday with no spend at all still gets a little: a quiet Sunday is not a promise.
        weekday[w] = Math.min(5, Math.max(0.05, m / mean));
      }
  }
  const factor = (day: string) => weekday[dow(day)] as number;
  const recent = history.slice(-LEVEL_DAYS).filter((d) => firstData !== undefined && d >= firstData);
  let level = recent.length ? recent.reduce((s, d) => s + spend(d) / factor(d), 0) / recent.length : 0;
  const elapsed = (at - dayStart(today)) / DAY_MS;
  let fromRunRate = false;
  if (elapsed >= MIN_ELAPSED) {
    const runRate = spend(today) / elapsed / factor(today);
    if (runRate > level) {
      level = runRate;
      fromRunRate = true;
    }
  }
  let rest = 0;
  if (at < end) {
    rest +=
      level *
      factor(today) *
      Math.max(0, Math.min(1, (Math.min(end, dayStart(today) + DAY_MS) - at) / DAY_MS));
    for (let t = dayStart(today) + DAY_MS; t < end; t += DAY_MS) rest += level * factor(dayOf(t));
  }
  return { total: spentInPeriod + rest, level, weekday, fromRunRate };
}
