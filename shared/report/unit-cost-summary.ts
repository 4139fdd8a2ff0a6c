import type { QueryResult } from '../ports/query-engine';
import type { ReportWindow } from './report-input';
import { flag, num, type Row, text, units } from './rows';

/** One period × team × feature of the shipped `trends` query, as the report shows it. */
export interface UnitCostTrend {
  period: 'week' | 'month';
  periodStart: string;
  team: string;
  feature: string;
  allocatedCents: bigint;
  invocations: number;
  costPerInference: number | null;
  costPerSuccessfulOutput: number | null;
  costPer1kTokens: number | null;
  costPerInferenceChangePct: number | null;
  costPerSuccessfulOutputChangePct: number | null;
  costPer1kTokensChangePct: number | null;
  estimated: boolean;
}

/** A row of `unit-costs` with a business outcome (only where business_metrics supplies one). */
export interface OutcomeCost {
  day: string;
  team: string;
  feature: string;
  environment: string;
  model: string;
  metric: string;
  outcomes: number | null;
  costPerOutcome: number | null;
  estimated: boolean;
}

export interface UnitCostSummary {
  /** Periods that overlap the window (earlier ones were only fetched as the comparison base). */
  trends: UnitCostTrend[];
  outcomes: OutcomeCost[];
}

const trendOf = (row: Row): UnitCostTrend => ({
  period: text(row, 'period') === 'month' ? 'month' : 'week',
  periodStart: text(row, 'period_start'),
  team: text(row, 'team'),
  feature: text(row, 'feature'),
  allocatedCents: units(row, 'allocated_cost', 2) ?? 0n,
  invocations: num(row, 'invocations') ?? 0,
  costPerInference: num(row, 'cost_per_inference'),
  costPerSuccessfulOutput: num(row, 'cost_per_successful_output'),
  costPer1kTokens: num(row, 'cost_per_1k_tokens'),
  costPerInferenceChangePct: num(row, 'cost_per_inference_change_pct'),
  costPerSuccessfulOutputChangePct: num(row, 'cost_per_successful_output_change_pct'),
  costPer1kTokensChangePct: num(row, 'cost_per_1k_tokens_change_pct'),
  estimated: flag(row, 'estimated'),
});

/** The unit-cost section: `trends` rows of periods reaching into the window, and `unit-costs` outcome rows. */
export function summarizeUnitCosts(
  trends: QueryResult,
  unitCosts: QueryResult,
  window: ReportWindow,
): UnitCostSummary {
  const periodEnd = (t: UnitCostTrend): string => {
    const start = new Date(`${t.periodStart}T00:00:00Z`);
    const end =
      t.period === 'week'
        ? new Date(start.getTime() + 6 * 86_400_000)
        : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    return end.toISOString().slice(0, 10);
  };
  const inWindow = trends.rows
    .map(trendOf)
    .filter((t) => periodEnd(t) >= window.from && t.periodStart <= window.to);
  const outcomes = unitCosts.rows
    .filter((row) => row.outcomes !== null && row.outcomes !== undefined)
    .map((row) => ({
      day: text(row, 'usage_date'),
      team: text(row, 'team'),
      feature: text(row, 'feature'),
      environment: text(row, 'environment'),
      model: text(row, 'model'),
      metric: text(row, 'outcome_metric'),
      outcomes: num(row, 'outcomes'),
      costPerOutcome: num(row, 'cost_per_outcome'),
      estimated: flag(row, 'estimated'),
    }));
  return { trends: inWindow, outcomes };
}
