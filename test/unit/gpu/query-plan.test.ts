import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricSource } from '../../../shared/adapters/aws/cloudwatch-metric-source';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { parseConfig } from '../../../shared/config';
import { MEASURED } from '../../../shared/estimate';
import { ingestGpuSeries } from '../../../shared/gpu/ingest';
import { gpuMetricSpecs } from '../../../shared/gpu/metric-catalog';
import { gpuMetricRequest } from '../../../shared/gpu/print-request';
import { gpuQueryPlan, metricsPerGpu } from '../../../shared/gpu/query-plan';
import { backfillRunPlan } from '../../../shared/gpu/run-plan';
import { staticDirectory } from '../../../shared/gpu/saved-resources';
import { seriesFromSource } from '../../../shared/gpu/series-from-source';
import { decodeParquet } from '../../../shared/lake/parquet';
import { emptyCatalog, fixedClock } from '../../../shared/ports';

const cw = mockClient(CloudWatchClient);
const config = parseConfig({ gpu: { sources: { ec2: true, sagemaker: false, eks: false } } });
const hour = Date.parse('2026-03-10T05:00:00Z');
const window = { start: hour, end: hour + 3_600_000 };
const now = new Date('2026-03-10T07:10:00Z');

/** 5-minute utilization of GPU `index` in the hour: GPU 0 rises 10..65, GPU 1 idles with one burst. */
const utilization = (index: string, i: number): number => (index === '0' ? 10 + 5 * i : i === 7 ? 90 : 0);

/** One instance with two GPUs; GetMetricData answers in the real shape, one point per period. */
function mockAgentMetrics(): void {
  cw.on(ListMetricsCommand).callsFake((input: { Namespace: string; MetricName: string }) => ({
    Metrics: ['0', '1'].map((index) => ({
      Namespace: input.Namespace,
      MetricName: input.MetricName,
      Dimensions: [
        { Name: 'InstanceId', Value: 'i-0abc' },
        { Name: 'index', Value: index },
      ],
    })),
  }));
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const stat = q.MetricStat;
      const period = stat?.Period ?? 3600;
      const index = stat?.Metric?.Dimensions?.find((d) => d.Name === 'index')?.Value ?? '0';
      const points = 3600 / period;
      const value = (i: number) =>
        stat?.Metric?.MetricName === 'nvidia_smi_utilization_gpu'
          ? utilization(index, i)
          : stat?.Metric?.MetricName === 'nvidia_smi_memory_used'
            ? 6000
            : 24000;
      return {
        Id: q.Id,
        Label: stat?.Metric?.MetricName,
        Timestamps: Array.from({ length: points }, (_, i) => new Date(hour + i * period * 1000)),
        Values: Array.from({ length: points }, (_, i) => value(i)),
        StatusCode: 'Complete',
      };
    }),
    Messages: [],
  }));
}

describe('gpuQueryPlan', () => {
  it('reads 5-minute averages while CloudWatch keeps them, hourly Average and Maximum after', () => {
    expect(gpuQueryPlan(window, now)).toEqual({ periodSeconds: 300, readMaximum: false });
    const old = { start: now.getTime() - 70 * 86_400_000 };
    expect(gpuQueryPlan(old, now)).toEqual({ periodSeconds: 3600, readMaximum: true });
  });

  it('costs an EC2 GPU three metrics a run and a SageMaker or EKS GPU two', () => {
    const plan = gpuQueryPlan(window, now);
    const specs = gpuMetricSpecs(parseConfig({}).gpu);
    expect(
      metricsPerGpu(
        specs.filter((s) => s.source === 'ec2'),
        plan,
      ),
    ).toBe(3);
    expect(
      metricsPerGpu(
        specs.filter((s) => s.source === 'sagemaker'),
        plan,
      ),
    ).toBe(2);
    expect(
      metricsPerGpu(
        specs.filter((s) => s.source === 'eks'),
        plan,
      ),
    ).toBe(2);
    expect(metricsPerGpu(specs, gpuQueryPlan({ start: 0 }, now))).toBe(10);
  });

  it('prints a request of 5-minute Average SEARCHes for recent days', () => {
    const request = gpuMetricRequest(parseConfig({}).gpu, window, gpuQueryPlan(window, now));
    expect(request.MetricDataQueries.map((q) => q.Id)).toEqual([
      'ec2_util_average',
      'ec2_memUsed_average',
      'ec2_memTotal_average',
      'sagemaker_util_average',
      'sagemaker_memUtil_average',
      'eks_util_average',
      'eks_memUtil_average',
    ]);
    expect(request.MetricDataQueries.every((q) => q.Expression.endsWith("'Average', 300)"))).toBe(true);
    expect(gpuMetricRequest(parseConfig({}).gpu, window).MetricDataQueries).toHaveLength(10);
  });
});

describe('EC2 GPU memory totals kept in the store', () => {
  beforeEach(() => cw.reset());

  const run = async (store: FolderStore, at: string) => {
    const when = new Date(at);
    const start = Math.floor(when.getTime() / 3_600_000) * 3_600_000 - 3_600_000;
    const source = new CloudWatchMetricSource(new CloudWatchClient({}), fixedClock(at));
    const plan = backfillRunPlan({ start, end: start + 3_600_000 }, when);
    const input = await seriesFromSource(source, config.gpu, plan, when, store);
    const requested = cw
      .commandCalls(GetMetricDataCommand)
      .flatMap((c) => c.args[0].input.MetricDataQueries ?? [])
      .map((q) => q.MetricStat?.Metric?.MetricName);
    cw.resetHistory();
    return { input, requested };
  };

  it('reads memory_total once, then only every week, and still gives memory use each hour', async () => {
    mockAgentMetrics();
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'gpu-totals-')));
    const first = await run(store, '2026-03-10T06:10:00Z');
    expect(first.input.metricsRequested).toBe(6);
    const next = await run(store, '2026-03-10T07:10:00Z');
    expect(next.input.metricsRequested).toBe(4);
    expect(next.requested).not.toContain('nvidia_smi_memory_total');
    const totals = next.input.series.filter((s) => s.metric.metricName === 'nvidia_smi_memory_total');
    expect(totals.map((s) => s.values)).toEqual([[24000], [24000]]);
    const week = await run(store, '2026-03-17T07:10:00Z');
    expect(week.input.metricsRequested).toBe(6);
  });
});

describe('gpu_hourly from 5-minute points', () => {
  beforeEach(() => cw.reset());

  it('gives the hour average and its peak from one Average query per GPU and measure', async () => {
    mockAgentMetrics();
    const source = new CloudWatchMetricSource(new CloudWatchClient({}), fixedClock(now.toISOString()));
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'gpu-plan-')));
    const input = await seriesFromSource(source, config.gpu, backfillRunPlan(window, now), now, store);
    const summary = await ingestGpuSeries(
      { store, clock: fixedClock(now.toISOString()), config, directory: staticDirectory(emptyCatalog()) },
      input,
      window,
    );
    // 2 GPUs x (utilization, memory used, memory total), each once.
    expect(summary.metricsRequested).toBe(6);
    // What the estimate prices for the store side of an hourly run (memory totals included).
    const { listRequests, putRequests, getRequests } = store.stats;
    expect(listRequests + putRequests).toBeLessThanOrEqual(MEASURED.gpuStoreTier1PerRun);
    expect(getRequests).toBeLessThanOrEqual(MEASURED.gpuStoreTier2PerRun);
    const [row] = await decodeParquet(await store.getBytes('gpu_hourly/dt=2026-03-10/part-00000.parquet'));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const points = (index: string) => Array.from({ length: 12 }, (_, i) => utilization(index, i));
    expect(row?.gpu_count).toBe(2);
    expect(row?.gpu_util_avg).toBeCloseTo((mean(points('0')) + mean(points('1'))) / 2, 9);
    expect(row?.gpu_util_max).toBe(90);
    expect(row?.gpu_mem_util_avg).toBeCloseTo(25, 9);
  });
});
