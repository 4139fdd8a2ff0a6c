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
import { gpuMetricSpecs } from './metric-catalog';
import { gpuQueryPlan } from './query-plan';

/**
 * Reads the enabled GPU metrics of the window from a metric source (CloudWatch), with what it cost;
 * `now` picks the period (5-minute points while CloudWatch keeps them, see `gpuQueryPlan`). With a
 * store, EC2 GPU memory totals read in the past week come from it instead (see `memory-totals`).
 */
export async function seriesFromSource(
  source: MetricSource,
  config: GpuConfig,
  window: { start: number; end: number },
  now: Date,
  store?: ObjectStore,
): Promise<SeriesInput> {
  const plan = gpuQueryPlan(window, now);
  const specs = gpuMetricSpecs(config);
  const totals: MemoryTotals = store ? await readMemoryTotals(store) : {};
  const fetched = await fetchSeries(source, specs, window, plan, (spec, metric) =>
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
    metricsRequested: source.stats.metricsRequested,
    getMetricDataRequests: source.stats.getMetricDataRequests,
    listMetricsRequests: source.stats.listMetricsRequests,
    throttled: source.stats.throttled,
    partialSeries: 0,
    skipped: {},
  };
}
