import type { BudgetConfig } from '../config/guardrails-schema';
import { configMicros } from './budget-money';
import { type Forecast, forecastPeriod } from './forecast';
import { globMatch } from './match';
import { addDays, DAY_MS, dayOf, dayStart, type Period, periodAt } from './period';
import type { SpendRow } from './spend-rows';

/** One budget's standing in one period. */
export interface BudgetStatus {
  budget: string;
  team?: string;
  environment?: string;
  period: Period;
  /** The configured amount for the period, in micro-dollars. */
  amount: bigint;
  /** Micro-dollars so far in the period (bill where it has arrived, estimate after), exact. */
  spent: bigint;
  /** The projection for the period; its share is `forecast.total` of `amount` (`budget-money.ts`). */
  forecast: Forecast;
  /** Days until the period (or the experiment) ends. */
  daysLeft: number;
  /** Whether some of `spent` is an estimate rather than the bill. */
  estimated: boolean;
  /** Calls in the period that no price could be found for: their cost is missing from `spent`. */
  unpricedCalls: number;
  /** Thresholds (percent) this budget alerts at, ascending. */
  alertAt: number[];
}

/** Whether a spend row is within a budget's scope. */
export function inScope(budget: BudgetConfig, row: SpendRow): boolean {
  return (
    (budget.team === undefined || row.team === budget.team) &&
    (budget.environment === undefined || row.environment === budget.environment) &&
    (budget.feature === undefined || row.feature === budget.feature) &&
    (budget.identity === undefined ||
      (row.identity !== undefined && globMatch(budget.identity, row.identity)))
  );
}

/** Whether a budget still applies at `at` (an experiment stops after its `until` day). */
export const budgetActive = (budget: BudgetConfig, at: number): boolean =>
  budget.until === undefined || dayOf(at) <= budget.until;

/**
 * The status of a budget at `at`, one per amount it has (daily, monthly), from spend rows that cover
 * the period and the 28 days before it. Rows need not be in scope: they are filtered here.
 */
export function budgetStatus(
  budget: BudgetConfig,
  rows: readonly SpendRow[],
  at: number,
  defaultAlertAt: readonly number[],
): BudgetStatus[] {
  if (!budgetActive(budget, at)) return [];
  const daily = new Map<string, bigint>();
  const estimatedDays = new Set<string>();
  const unpricedByDay = new Map<string, number>();
  for (const row of rows) {
    if (!inScope(budget, row)) continue;
    if (row.cost === null) {
      unpricedByDay.set(row.day, (unpricedByDay.get(row.day) ?? 0) + row.invocations);
      continue;
    }
    daily.set(row.day, (daily.get(row.day) ?? 0n) + row.cost);
    if (row.estimated) estimatedDays.add(row.day);
  }
  const amounts: [Period['kind'], number | undefined][] = [
    ['daily', budget.daily],
    ['monthly', budget.monthly],
  ];
  const statuses: BudgetStatus[] = [];
  for (const [kind, dollars] of amounts) {
    if (dollars === undefined) continue;
    const amount = configMicros(dollars, `guardrails.budgets ${budget.name}.${kind}`);
    const period = periodAt(kind, at);
    const end = budget.until ? Math.min(period.end, dayStart(addDays(budget.until, 1))) : period.end;
    let spent = 0n;
    let estimated = false;
    for (const [day, micros] of daily) {
      const t = dayStart(day);
      if (t < period.start || t >= period.end || day > dayOf(at)) continue;
      spent += micros;
      if (estimatedDays.has(day)) estimated = true;
    }
    let unpricedCalls = 0;
    for (const [day, calls] of unpricedByDay) {
      const t = dayStart(day);
      if (t >= period.start && t < period.end && day <= dayOf(at)) unpricedCalls += calls;
    }
    const forecast = forecastPeriod(daily, spent, at, end);
    statuses.push({
      budget: budget.name,
      ...(budget.team !== undefined ? { team: budget.team } : {}),
      ...(budget.environment !== undefined ? { environment: budget.environment } : {}),
      period,
      amount,
      spent,
      forecast,
      daysLeft: Math.max(0, (end - at) / DAY_MS),
      estimated,
      unpricedCalls,
      alertAt: [...(budget.alertAt ?? defaultAlertAt)].sort((a, b) => a - b),
    });
  }
  return statuses;
}
