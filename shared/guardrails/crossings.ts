import { updateState } from '../anomaly/state-object';
import type { ObjectStore } from '../ports/object-store';
import { atOrOver, configMicros } from './budget-money';
import type { BudgetStatus } from './budget-status';

/** Where the thresholds already alerted for each budget and period are kept. */
export const BUDGET_STATE_ROOT = '_state/guardrails/budgets';

interface CrossedState {
  crossed: number[];
  forecastOver: boolean;
}

/** What a run newly found about a budget: the highest threshold first crossed, and/or a forecast overrun. */
export interface BudgetCrossing {
  status: BudgetStatus;
  /** The highest threshold (percent) crossed since the last run, when one was. */
  threshold?: number;
  /** Every threshold first crossed in this run (a jump from 40% to 85% crosses 50 and 80). */
  newlyCrossed: number[];
  /** The forecast for the period went over 100% for the first time this period. */
  forecastOver: boolean;
}

export const crossingKey = (s: BudgetStatus): string =>
  `${BUDGET_STATE_ROOT}/${s.budget}/${s.period.kind}-${s.period.key}.json`;

/**
 * Claims, with a conditional write, the thresholds each status has crossed and not yet alerted in its
 * period: only the run whose write wins gets the crossing, so every threshold alerts once per period
 * however often (or concurrently) guardrails run. A new period has a new state object and starts over.
 */
export async function claimCrossings(
  store: ObjectStore,
  statuses: readonly BudgetStatus[],
): Promise<BudgetCrossing[]> {
  const crossings: BudgetCrossing[] = [];
  for (const status of statuses) {
    // Exact: a threshold at 80% of $100.00 is reached by $80.00, however many rows it was summed from.
    const reached = status.alertAt.filter((t) =>
      atOrOver(status.spent, status.amount, configMicros(t, 'guardrails.alertAt')),
    );
    const forecastOver = status.forecast.total > status.amount && status.spent < status.amount;
    let claimed: BudgetCrossing | undefined;
    await updateState<CrossedState>(store, crossingKey(status), (current) => {
      claimed = undefined;
      const before = current ?? { crossed: [], forecastOver: false };
      const newlyCrossed = reached.filter((t) => !before.crossed.includes(t));
      const newForecast = forecastOver && !before.forecastOver;
      if (newlyCrossed.length === 0 && !newForecast) return undefined;
      claimed = {
        status,
        newlyCrossed,
        forecastOver: newForecast,
        ...(newlyCrossed.length ? { threshold: Math.max(...newlyCrossed) } : {}),
      };
      return {
        crossed: [...before.crossed, ...newlyCrossed].sort((a, b) => a - b),
        forecastOver: before.forecastOver || newForecast,
      };
    });
    if (claimed) crossings.push(claimed);
  }
  return crossings;
}
