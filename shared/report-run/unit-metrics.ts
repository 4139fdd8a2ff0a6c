import type { ReportResults } from '../report/report-input';
import { num, type Row, text, units } from '../report/rows';
import { dimensionValue, topN } from './bounded-values';

/** The dimensions the unit-cost metrics are published by, one dimension set each. */
export type MetricDimension = 'team' | 'feature' | 'environment' | 'model';
export const METRIC_DIMENSIONS: readonly MetricDimension[] = ['team', 'feature', 'environment', 'model'];

/** Metric names, as the dashboard reads them. */
export const UNIT_METRICS = {
  spend: 'Spend',
  invocations: 'Invocations',
  successfulOutputs: 'SuccessfulOutputs',
  inputTokens: 'InputTokens',
  outputTokens: 'OutputTokens',
  costPerInference: 'CostPerInference',
  costPerSuccessfulOutput: 'CostPerSuccessfulOutput',
  gpuCost: 'GpuCost',
  gpuUtilization: 'GpuUtilization',
} as const;

/** Metric names published by the usage dimensions (GPU names go by team and environment only). */
const USAGE_NAMES = 7;
const GPU_NAMES = 2;

/**
 * The most custom metrics the unit-cost metrics create at `topN` (each name x dimension value is one,
 * $0.30 a month): every usage name by each of the 4 dimensions and the 2 GPU names by team and
 * environment, each with `topN` values and `other`. 0 at `topN` 0.
 */
export function unitMetricCount(topN: number): number {
  if (topN <= 0) return 0;
  return (METRIC_DIMENSIONS.length * USAGE_NAMES + 2 * GPU_NAMES) * (topN + 1);
}

/** One day's values of one dimension value: what becomes one EMF record. */
export interface MetricPoint {
  day: string;
  dimension: MetricDimension;
  value: string;
  /** Metric name → value (dollars, counts or percent). */
  values: Record<string, number>;
}

interface Sums {
  cents: bigint;
  invocations: number;
  successful: number;
  input: number;
  output: number;
  gpuCost: number;
  gpuHours: number;
  gpuUtilHours: number;
}

const empty = (): Sums => ({
  cents: 0n,
  invocations: 0,
  successful: 0,
  input: 0,
  output: 0,
  gpuCost: 0,
  gpuHours: 0,
  gpuUtilHours: 0,
});

/**
 * Daily unit-cost metrics from the report's query results (`unit-costs` and `gpu-efficiency`):
 * spend, invocations, tokens and cost per inference and per successful output by team, feature,
 * environment and model; GPU cost and hour-weighted utilization by team and environment. Each
 * dimension keeps its `topN` values by spend and folds the rest into `other`. Ratios are the
 * query's own definition (allocated cost over the count) applied to the summed rows. A `topN` of 0
 * publishes nothing (the default: see `unitMetricCount` for what each value would cost).
 */
export function unitMetrics(
  results: ReportResults,
  options: { topN: number; unattributed: string },
): MetricPoint[] {
  if (options.topN <= 0) return [];
  const label = (row: Row, column: string) => dimensionValue(text(row, column), options.unattributed);
  const weight = new Map<MetricDimension, Map<string, number>>(METRIC_DIMENSIONS.map((d) => [d, new Map()]));
  const usage = results.unitCosts.rows;
  const gpu = results.gpuEfficiency.rows;
  for (const row of usage) {
    const cents = Number(units(row, 'allocated_cost', 2) ?? 0n);
    for (const d of METRIC_DIMENSIONS) {
      const w = weight.get(d) as Map<string, number>;
      w.set(label(row, d), (w.get(label(row, d)) ?? 0) + cents);
    }
  }
  for (const row of gpu) {
    for (const d of ['team', 'environment'] as const) {
      const w = weight.get(d) as Map<string, number>;
      w.set(label(row, d), (w.get(label(row, d)) ?? 0) + (num(row, 'cost') ?? 0) * 100);
    }
  }
  const bound = new Map(
    METRIC_DIMENSIONS.map((d) => [d, topN(weight.get(d) as Map<string, number>, options.topN)]),
  );
  const sums = new Map<string, { day: string; dimension: MetricDimension; value: string; s: Sums }>();
  const at = (day: string, dimension: MetricDimension, row: Row): Sums => {
    const value = (bound.get(dimension) as (v: string) => string)(label(row, dimension));
    const key = JSON.stringify([day, dimension, value]);
    let entry = sums.get(key);
    if (!entry) {
      entry = { day, dimension, value, s: empty() };
      sums.set(key, entry);
    }
    return entry.s;
  };
  for (const row of usage) {
    for (const d of METRIC_DIMENSIONS) {
      const s = at(text(row, 'usage_date'), d, row);
      s.cents += units(row, 'allocated_cost', 2) ?? 0n;
      s.invocations += num(row, 'invocations') ?? 0;
      s.successful += num(row, 'successful_invocations') ?? 0;
      s.input += num(row, 'input_tokens') ?? 0;
      s.output += num(row, 'output_tokens') ?? 0;
    }
  }
  for (const row of gpu) {
    for (const d of ['team', 'environment'] as const) {
      const s = at(text(row, 'usage_date'), d, row);
      const hours = num(row, 'hours') ?? 0;
      s.gpuCost += num(row, 'cost') ?? 0;
      s.gpuHours += hours;
      s.gpuUtilHours += (num(row, 'gpu_util_avg') ?? 0) * hours;
    }
  }
  return [...sums.values()]
    .sort((a, b) => (a.day + a.dimension + a.value < b.day + b.dimension + b.value ? -1 : 1))
    .map(({ day, dimension, value, s }) => ({ day, dimension, value, values: metricValues(s) }));
}

function metricValues(s: Sums): Record<string, number> {
  const dollars = Number(s.cents) / 100;
  const out: Record<string, number> = {};
  if (s.invocations > 0) {
    out[UNIT_METRICS.spend] = dollars;
    out[UNIT_METRICS.invocations] = s.invocations;
    out[UNIT_METRICS.successfulOutputs] = s.successful;
    out[UNIT_METRICS.inputTokens] = s.input;
    out[UNIT_METRICS.outputTokens] = s.output;
    out[UNIT_METRICS.costPerInference] = dollars / s.invocations;
    if (s.successful > 0) out[UNIT_METRICS.costPerSuccessfulOutput] = dollars / s.successful;
  }
  if (s.gpuHours > 0) {
    out[UNIT_METRICS.gpuCost] = Math.round(s.gpuCost * 1e6) / 1e6;
    out[UNIT_METRICS.gpuUtilization] = Math.round((s.gpuUtilHours / s.gpuHours) * 100) / 100;
  }
  return out;
}
