import type { MetricQuery, MetricSource } from '../ports';
import type { GpuMetricSpec } from './metric-catalog';
import type { MetricSeries } from './series';

/** CloudWatch period of every query: one data point per hour (allowed at any age of the data). */
export const PERIOD_SECONDS = 3600;

/**
 * Discovers the series of each spec with ListMetrics (metrics with data in the past two weeks,
 * having the spec's required dimensions) and fetches each statistic of each series with
 * GetMetricData over the window; the source batches, pages and counts the calls.
 */
export async function fetchSeries(
  source: MetricSource,
  specs: readonly GpuMetricSpec[],
  window: { start: number; end: number },
): Promise<{ series: MetricSeries[]; seriesListed: number }> {
  const queries: MetricQuery[] = [];
  let seriesListed = 0;
  for (const spec of specs) {
    const metrics = await source.listMetrics(spec.namespace, spec.metricName, spec.requiredDimensions);
    seriesListed += metrics.length;
    for (const metric of metrics)
      for (const stat of spec.stats) queries.push({ id: `q${queries.length}`, metric, stat });
  }
  if (queries.length === 0) return { series: [], seriesListed };
  const results = await source.getMetricData(
    queries,
    { start: new Date(window.start), end: new Date(window.end) },
    PERIOD_SECONDS,
  );
  const byId = new Map(queries.map((q) => [q.id, q]));
  const series: MetricSeries[] = [];
  for (const r of results) {
    const q = byId.get(r.id);
    if (!q) continue;
    series.push({
      metric: q.metric,
      stat: q.stat,
      timestamps: r.timestamps,
      values: r.values,
      origin: 'GetMetricData',
    });
  }
  return { series, seriesListed };
}
