import { addDays, DAY_MS, dayOf, dayStart } from './period';
import { add, clamp, compare, div, mul, type Ratio, ratio, ratioNumber, rounded } from './ratio';

/** How the period's spend was projected: the figures the method used, for the message and the tests. */
export interface Forecast {
  /** Micro-dollars expected by the end of the period: spent so far plus the rest (an estimate). */
  total: bigint;
  /** Micro-dollars per average day with the weekly pattern taken out. */
  level: bigint;
  /** Sunday-first multipliers of `level` for each weekday (all 1 without four weeks of history). */
  weekday: number[];
  /** Whether today's run rate, not the last week, set the level (a run-up in progress). */
  fromRunRate: boolean;
}

const HISTORY_DAYS = 28;
const LEVEL_DAYS = 7;
/** Before this share of today has passed, today's rate is too noisy to project from. */
const MIN_ELAPSED = ratio(2, 24);
// A weekday with no spend at all still gets a little: a quiet Sunday is not a promise.
const MIN_FACTOR = ratio(1, 20);
const MAX_FACTOR = ratio(5);
const ZERO = ratio(0);
const ONE = ratio(1);

/**
 * Projects the spend of a period (`docs/decisions/0006-guardrails.md`): weekday factors from the 28
 * complete days before today (each weekday's mean over the overall mean), a level from the last 7
 * complete days with those factors divided out — or today's run rate so far when that is higher —
 * and then, for the rest of today and each remaining day of the period, level × that weekday's factor.
 * `daily` holds micro-dollars per UTC day (missing days are $0); `at` is now; `end` is the period's
 * end (ms). The arithmetic is exact (ratios of integers), rounded to the micro-dollar once at the end.
 */
export function forecastPeriod(
  daily: ReadonlyMap<string, bigint>,
  spentInPeriod: bigint,
  at: number,
  end: number,
): Forecast {
  const today = dayOf(at);
  const spend = (day: string) => daily.get(day) ?? 0n;
  const dow = (day: string) => new Date(dayStart(day)).getUTCDay();
  const firstData = [...daily.keys()].filter((d) => d < today).sort()[0];
  const history: string[] = [];
  for (let i = HISTORY_DAYS; i >= 1; i--) history.push(addDays(today, -i));
  const weekday: Ratio[] = [ONE, ONE, ONE, ONE, ONE, ONE, ONE];
  if (firstData !== undefined && firstData <= (history[0] as string)) {
    const total = history.reduce((s, d) => s + spend(d), 0n);
    if (total > 0n)
      for (let w = 0; w < 7; w++) {
        const same = history.filter((d) => dow(d) === w);
        const sum = same.reduce((s, d) => s + spend(d), 0n);
        // (sum / same days) / (total / history days)
        const factor = ratio(sum * BigInt(history.length), total * BigInt(same.length));
        weekday[w] = clamp(factor, MIN_FACTOR, MAX_FACTOR);
      }
  }
  const factor = (day: string) => weekday[dow(day)] as Ratio;
  const recent = history.slice(-LEVEL_DAYS).filter((d) => firstData !== undefined && d >= firstData);
  let level = recent.length
    ? div(
        recent.reduce((s, d) => add(s, div(ratio(spend(d)), factor(d))), ZERO),
        ratio(recent.length),
      )
    : ZERO;
  const elapsed = ratio(at - dayStart(today), DAY_MS);
  let fromRunRate = false;
  if (compare(elapsed, MIN_ELAPSED) >= 0) {
    const runRate = div(div(ratio(spend(today)), elapsed), factor(today));
    if (compare(runRate, level) > 0) {
      level = runRate;
      fromRunRate = true;
    }
  }
  let rest = ZERO;
  if (at < end) {
    const todayLeft = clamp(ratio(Math.min(end, dayStart(today) + DAY_MS) - at, DAY_MS), ZERO, ONE);
    rest = add(rest, mul(mul(level, factor(today)), todayLeft));
    for (let t = dayStart(today) + DAY_MS; t < end; t += DAY_MS)
      rest = add(rest, mul(level, factor(dayOf(t))));
  }
  return {
    total: spentInPeriod + rounded(rest),
    level: rounded(level),
    weekday: weekday.map(ratioNumber),
    fromRunRate,
  };
}
