import type { MetricIdentity, MetricQuery, MetricSource } from '../ports';
import type { GpuMetricSpec } from './metric-catalog';
import { type GpuQueryPlan, statsFor } from './query-plan';
import type { MetricSeries } from './series';

/**
 * Discovers the series of each spec with ListMetrics (metrics with data in the past two weeks,
 * having the spec's required dimensions) and fetches the plan's statistics of each series with
 * GetMetricData over the window at the plan's period; the source batches, pages and counts the calls.
 * Series `skip` says are known already are listed but not requested (returned in `skipped`).
 */
export async function fetchSeries(
  source: MetricSource,
  specs: readonly GpuMetricSpec[],
  window: { start: number; end: number },
  plan: GpuQueryPlan,
  skip: (spec: GpuMetricSpec, metric: MetricIdentity) => boolean = () => false,
): Promise<{
  series: MetricSeries[];
  seriesListed: number;
  skipped: MetricIdentity[];
  /** Series CloudWatch still answered `PartialData` for after the last page. */
  partialSeries: number;
}> {
  const queries: MetricQuery[] = [];
  const skipped: MetricIdentity[] = [];
  let seriesListed = 0;
  for (const spec of specs) {
    const metrics = await source.listMetrics(spec.namespace, spec.metricName, spec.requiredDimensions);
    seriesListed += metrics.length;
    for (const metric of metrics) {
      if (skip(spec, metric)) {
        skipped.push(metric);
        continue;
      }
      for (const stat of statsFor(spec, plan)) queries.push({ id: `q${queries.length}`, metric, stat });
    }
  }
  if (queries.length === 0) return { series: [], seriesListed, skipped, partialSeries: 0 };
  const results = await source.getMetricData(
    queries,
    { start: new Date(window.start), end: new Date(window.end) },
    plan.periodSeconds,
  );
  const byId = new Map(queries.map((q) => [q.id, q]));
  const series: MetricSeries[] = [];
  let partialSeries = 0;
  for (const r of results) {
    const q = byId.get(r.id);
    if (!q) continue;
    if (r.statusCode === 'PartialData') partialSeries++;
    series.push({
      metric: q.metric,
      stat: q.stat,
      timestamps: r.timestamps,
      values: r.values,
      origin: 'GetMetricData',
    });
  }
  return { series, seriesListed, skipped, partialSeries };
}
