import type { GpuConfig } from '../config';
import type { MetricSource } from '../ports';
import { fetchSeries } from './fetch-series';
import type { SeriesInput } from './ingest';
import { gpuMetricSpecs } from './metric-catalog';
import { gpuQueryPlan } from './query-plan';

/**
 * Reads the enabled GPU metrics of the window from a metric source (CloudWatch), with what it cost;
 * `now` picks the period (5-minute points while CloudWatch keeps them, see `gpuQueryPlan`).
 */
export async function seriesFromSource(
  source: MetricSource,
  config: GpuConfig,
  window: { start: number; end: number },
  now: Date,
): Promise<SeriesInput> {
  const plan = gpuQueryPlan(window, now);
  const { series } = await fetchSeries(source, gpuMetricSpecs(config), window, plan);
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
