import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { GpuIngestError, MetricAccessError } from '../../gpu/errors';
import type {
  Clock,
  MetricIdentity,
  MetricQuery,
  MetricQueryResult,
  MetricSource,
  MetricSourceStats,
} from '../../ports';
import { retryThrottled } from './retry-throttled';

/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** And returns at most 100,800 data points per call; beyond, it pages (each page billed again). */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** Queries per call so that a call's data points fit one page: 500 unless the window is long for the period. */
export function queriesPerCall(window: { start: Date; end: Date }, periodSeconds: number): number {
  const points = Math.ceil((window.end.getTime() - window.start.getTime()) / 1000 / periodSeconds);
  return Math.max(
    1,
    Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / Math.max(1, points))),
  );
}

const describeQuery = (q: MetricQuery): string =>
  `${q.metric.namespace} ${q.metric.metricName} ${Object.entries(q.metric.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')} ${q.stat}`;

/**
 * CloudWatch as the metric source: ListMetrics and GetMetricData, batched (≤ 500 queries a call, fewer
 * when the window's data points would not fit one page),
 * paged with `NextToken`, throttling retried with backoff and jitter, every call and every metric
 * requested counted (GetMetricData bills per 1,000 metrics requested, each page counting again).
 */
export class CloudWatchMetricSource implements MetricSource {
  readonly stats: MetricSourceStats = {
    listMetricsRequests: 0,
    getMetricDataRequests: 0,
    metricsRequested: 0,
    throttled: 0,
  };

  constructor(
    private readonly client: CloudWatchClient,
    private readonly clock: Clock,
    private readonly retry: { maxAttempts?: number; random?: () => number } = {},
  ) {}

  /** A source with the default credential chain and Region. */
  static create(clock: Clock): CloudWatchMetricSource {
    return new CloudWatchMetricSource(new CloudWatchClient({}), clock);
  }

  private send<T>(call: () => Promise<T>): Promise<T> {
    return retryThrottled(call, this.clock, { ...this.retry, onRetry: () => this.stats.throttled++ });
  }

  async listMetrics(
    namespace: string,
    metricName: string,
    dimensionNames: readonly string[],
  ): Promise<MetricIdentity[]> {
    const out: MetricIdentity[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(() => {
        this.stats.listMetricsRequests++;
        return this.client.send(
          new ListMetricsCommand({
            Namespace: namespace,
            MetricName: metricName,
            Dimensions: dimensionNames.map((Name) => ({ Name })),
            NextToken: token,
          }),
        );
      }).catch((error: unknown) => {
        throw wrap(error, `ListMetrics ${namespace} ${metricName}`);
      });
      for (const m of page.Metrics ?? []) {
        const dimensions: Record<string, string> = {};
        for (const d of m.Dimensions ?? []) if (d.Name && d.Value !== undefined) dimensions[d.Name] = d.Value;
        out.push({ namespace: m.Namespace ?? namespace, metricName: m.MetricName ?? metricName, dimensions });
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  async getMetricData(
    queries: readonly MetricQuery[],
    window: { start: Date; end: Date },
    periodSeconds: number,
  ): Promise<MetricQueryResult[]> {
    const results: MetricQueryResult[] = [];
    const perCall = queriesPerCall(window, periodSeconds);
    for (let i = 0; i < queries.length; i += perCall) {
      const batch = queries.slice(i, i + perCall);
      const byId = new Map(batch.map((q) => [q.id, q]));
      const acc = new Map<string, MetricQueryResult>();
      const input: MetricDataQuery[] = batch.map((q) => ({
        Id: q.id,
        MetricStat: {
          Metric: {
            Namespace: q.metric.namespace,
            MetricName: q.metric.metricName,
            Dimensions: Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: periodSeconds,
          Stat: q.stat,
        },
        ReturnData: true,
      }));
      let token: string | undefined;
      do {
        const page: GetMetricDataCommandOutput = await this.send(() => {
          this.stats.getMetricDataRequests++;
          this.stats.metricsRequested += batch.length;
          return this.client.send(
            new GetMetricDataCommand({
              StartTime: window.start,
              EndTime: window.end,
              ScanBy: 'TimestampAscending',
              MetricDataQueries: input,
              NextToken: token,
            }),
          );
        }).catch((error: unknown) => {
          throw wrap(error, `GetMetricData (queries ${i + 1}-${i + batch.length})`);
        });
        for (const r of page.MetricDataResults ?? []) {
          const id = r.Id ?? '';
          const q = byId.get(id);
          if (r.StatusCode === 'Forbidden')
            throw new MetricAccessError(
              `GetMetricData returned Forbidden for ${q ? describeQuery(q) : id}: the role may not read this metric`,
            );
          if (r.StatusCode === 'InternalError')
            throw new GpuIngestError(`GetMetricData returned InternalError for ${q ? describeQuery(q) : id}`);
          let a = acc.get(id);
          if (!a) {
            a = { id, timestamps: [], values: [], statusCode: 'Complete' };
            acc.set(id, a);
          }
          (r.Timestamps ?? []).forEach((t, j) => {
            const v = r.Values?.[j];
            if (v === undefined) return;
            a.timestamps.push(t.getTime());
            a.values.push(v);
          });
          a.statusCode = r.StatusCode ?? 'Complete';
        }
        token = page.NextToken;
      } while (token);
      results.push(...acc.values());
    }
    return results;
  }
}

function wrap(error: unknown, what: string): Error {
  const e = error as { name?: string; message?: string };
  if (e?.name === 'AccessDenied' || e?.name === 'AccessDeniedException')
    return new MetricAccessError(`${what}: access denied (${e.message ?? ''})`, { cause: error });
  return new GpuIngestError(`${what} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`, {
    cause: error,
  });
}
