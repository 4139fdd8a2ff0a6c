import type { AppConfig } from '../config';
import type { LeaseOptions } from '../lake/lease';
import type { Clock, ObjectStore, ResourceDirectory } from '../ports';
import { type HourlyRows, hourlyRows, type PlacedSeries } from './hourly-rows';
import { type GpuSource, gpuMetricSpecs, placeMetric } from './metric-catalog';
import type { MetricSeries } from './series';
import { MEMORY_COLUMNS, writeGpuHours } from './write-hours';

/** GetMetricData price: $0.01 per 1,000 metrics requested (us-east-1; check the pricing page). */
export const USD_PER_1000_METRICS = 0.01;

/** Where the series came from and what reading them cost. */
export interface SeriesInput {
  kind: 'cloudwatch' | 'files';
  /** Files read, or `cloudwatch`. */
  origin: string;
  series: MetricSeries[];
  /**
   * True when the memory metrics were requested for the window (memory runs, backfills, saved files):
   * the rows' memory columns are replaced; false: they keep what the lake has (NULL until a memory run).
   */
  memoryRead: boolean;
  metricsRequested: number;
  getMetricDataRequests: number;
  listMetricsRequests: number;
  throttled: number;
  /** Series whose data CloudWatch reported as partial at the end. */
  partialSeries: number;
  skipped: Record<string, number>;
}

/** The run's summary: the `--json` line and the Lambda metrics. */
export interface GpuIngestSummary {
  source: string;
  store: string;
  window: { from: string; to: string };
  /** Whether this run read GPU memory (else the hours kept the lake's memory columns). */
  memoryRead: boolean;
  seriesRead: number;
  seriesSkipped: Record<string, number>;
  partialSeries: number;
  datapoints: number;
  resources: Record<GpuSource, number>;
  unresolved: HourlyRows['unresolved'];
  valuesCapped: number;
  rowsWritten: number;
  partitions: { dt: string; rows: number }[];
  unitsFailed: { dt: string; error: string }[];
  requests: { getMetricData: number; listMetrics: number; describe: number; throttled: number };
  /** GetMetricData metrics requested (billed per 1,000), and what that cost at list price. */
  metricsRequested: number;
  estimatedCostUsd: number;
  seconds: number;
}

export interface GpuIngestDeps {
  store: ObjectStore;
  clock: Clock;
  config: AppConfig;
  directory: ResourceDirectory;
  lease?: LeaseOptions;
}

/**
 * Turns GPU metric series into `gpu_hourly` rows for the hours [start, end) and replaces those
 * hours in the lake: places each series (resource, GPU, measure), looks up instance types and
 * tags of the resources seen, aggregates per hour, writes day by day.
 */
export async function ingestGpuSeries(
  deps: GpuIngestDeps,
  input: SeriesInput,
  window: { start: number; end: number },
): Promise<GpuIngestSummary> {
  const started = deps.clock.now().getTime();
  const specs = gpuMetricSpecs(deps.config.gpu);
  const skipped: Record<string, number> = { ...input.skipped };
  const placed: PlacedSeries[] = [];
  let datapoints = 0;
  for (const series of input.series) {
    const p = placeMetric(series.metric, specs);
    if ('skip' in p) {
      skipped[p.skip] = (skipped[p.skip] ?? 0) + 1;
      continue;
    }
    if (series.stat !== 'Average' && series.stat !== 'Maximum') {
      const why = `statistic ${series.stat} (only Average and Maximum are read)`;
      skipped[why] = (skipped[why] ?? 0) + 1;
      continue;
    }
    datapoints += series.timestamps.length;
    placed.push({ placed: p, series });
  }
  const instanceIds = new Set<string>();
  const endpointNames = new Set<string>();
  for (const { placed: p } of placed) {
    if (p.spec.source === 'sagemaker') endpointNames.add(p.resourceId.split('/')[0] as string);
    else instanceIds.add(p.resourceId);
  }
  const catalog = await deps.directory.describe({
    instanceIds: [...instanceIds].sort(),
    endpointNames: [...endpointNames].sort(),
  });
  const hourly = hourlyRows(placed, catalog, deps.config, window);
  // CloudWatch was asked for every enabled source; saved files answer only for the sources they hold.
  const sources =
    input.kind === 'cloudwatch'
      ? (['ec2', 'sagemaker', 'eks'] as const).filter((s) => deps.config.gpu.sources[s])
      : [...new Set(placed.map((p) => p.placed.spec.source))];
  const written = await writeGpuHours(deps.store, deps.clock, hourly.rows, window, sources, {
    lease: deps.lease,
    keepColumns: input.memoryRead ? [] : MEMORY_COLUMNS,
  });
  const resources: Record<GpuSource, number> = { ec2: 0, sagemaker: 0, eks: 0 };
  const seen = new Set<string>();
  for (const r of hourly.rows) {
    const key = `${r.source}/${r.resource_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    resources[r.source as GpuSource]++;
  }
  return {
    source: input.origin,
    store: deps.store.uri,
    window: { from: new Date(window.start).toISOString(), to: new Date(window.end).toISOString() },
    memoryRead: input.memoryRead,
    seriesRead: input.series.length,
    seriesSkipped: skipped,
    partialSeries: input.partialSeries,
    datapoints,
    resources,
    unresolved: hourly.unresolved,
    valuesCapped: hourly.valuesCapped,
    rowsWritten: written.rowsWritten,
    partitions: written.partitions,
    unitsFailed: written.failed.map((f) => ({ dt: f.unit, error: f.error })),
    requests: {
      getMetricData: input.getMetricDataRequests,
      listMetrics: input.listMetricsRequests,
      describe: deps.directory.requests,
      throttled: input.throttled,
    },
    metricsRequested: input.metricsRequested,
    estimatedCostUsd: Number(((input.metricsRequested / 1000) * USD_PER_1000_METRICS).toFixed(6)),
    seconds: (deps.clock.now().getTime() - started) / 1000,
  };
}
