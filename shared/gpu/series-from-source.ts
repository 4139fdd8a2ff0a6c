import type { GpuConfig } from '../config';
import type { MetricSource, ObjectStore } from '../ports';
import { fetchSeries } from './fetch-series';
import type { SeriesInput } from './ingest';
import {
  isKnownTotal,
  knownTotalSeries,
  type MemoryTotals,
  readMemoryTotals,
  rememberTotals,
} from './memory-totals';
import { runMetricSpecs } from './metric-catalog';
import type { GpuRunPlan } from './run-plan';

/**
 * Reads what the run plan asks for from a metric source (CloudWatch), with what it cost: utilization
 * every run, memory only when `plan.readMemory` (see `GpuRunPlan`), at the plan's period. With a
 * store, EC2 GPU memory totals read in the past week come from it instead (see `memory-totals`).
 */
export async function seriesFromSource(
  source: MetricSource,
  config: GpuConfig,
  plan: GpuRunPlan,
  now: Date,
  store?: ObjectStore,
): Promise<SeriesInput> {
  const { window } = plan;
  const specs = runMetricSpecs(config, plan.readMemory);
  const totals: MemoryTotals = store && plan.readMemory ? await readMemoryTotals(store) : {};
  const fetched = await fetchSeries(source, specs, window, plan.query, (spec, metric) =>
    isKnownTotal(totals, spec, metric, now),
  );
  const totalsRead = fetched.series.filter((s) =>
    specs.some(
      (p) =>
        p.measure === 'memTotal' &&
        p.namespace === s.metric.namespace &&
        p.metricName === s.metric.metricName,
    ),
  );
  if (store) await rememberTotals(store, totalsRead, now);
  const series = [...fetched.series, ...fetched.skipped.map((m) => knownTotalSeries(totals, m, window))];
  return {
    kind: 'cloudwatch',
    origin: 'CloudWatch GetMetricData',
    series,
    memoryRead: plan.readMemory,
    metricsRequested: source.stats.metricsRequested,
    getMetricDataRequests: source.stats.getMetricDataRequests,
    listMetricsRequests: source.stats.listMetricsRequests,
    throttled: source.stats.throttled,
    partialSeries: fetched.partialSeries,
    skipped: {},
  };
}
