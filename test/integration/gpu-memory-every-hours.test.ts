import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGpuIngestHandler } from '../../functions/ingest-gpu/create-handler';
import { CloudWatchMetricSource } from '../../shared/adapters/aws/cloudwatch-metric-source';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { parseConfig } from '../../shared/config';
import { metricsPerGpuMonth } from '../../shared/estimate';
import { REFRESH_DAYS } from '../../shared/gpu/memory-totals';
import { isMemoryHour, scheduledRunPlan } from '../../shared/gpu/run-plan';
import { staticDirectory } from '../../shared/gpu/saved-resources';
import { decodeParquet, type LakeRow } from '../../shared/lake/parquet';
import { emptyCatalog, fixedClock } from '../../shared/ports';
import { type S3TestServer, startS3Server } from '../support/s3-server';

const cw = mockClient(CloudWatchClient);
const HOUR = 3_600_000;
const config = parseConfig({
  ingest: { store: 's3://gpu-lake/curated' },
  gpu: { sources: { ec2: true, sagemaker: false, eks: false } },
});

/** 5-minute points of GPU `index` at `t`: GPU 0 busy (40 + hour of day), GPU 1 idle; memory rises with the hour. */
function value(metric: string, index: string, t: number): number {
  const h = new Date(t).getUTCHours();
  if (metric === 'nvidia_smi_utilization_gpu') return index === '0' ? 40 + h : 0;
  if (metric === 'nvidia_smi_memory_used') return index === '0' ? 1000 * (h + 1) : 2000;
  return 24000; // nvidia_smi_memory_total, MiB
}

/** What gpu_hourly must hold for an hour: the mean over both GPUs of used / total. */
const expectedMemory = (hour: number) =>
  ((100 * value('nvidia_smi_memory_used', '0', hour)) / 24000 +
    (100 * value('nvidia_smi_memory_used', '1', hour)) / 24000) /
  2;

/**
 * One instance with two GPUs through the CloudWatch agent. GetMetricData answers in its real shape:
 * 5-minute points over [StartTime, EndTime), in two pages (the first `PartialData` with a `NextToken`).
 */
function mockAgent(): void {
  cw.on(ListMetricsCommand).callsFake((input: { Namespace: string; MetricName: string }) => ({
    Metrics: ['0', '1'].map((index) => ({
      Namespace: input.Namespace,
      MetricName: input.MetricName,
      Dimensions: [
        { Name: 'InstanceId', Value: 'i-0abc' },
        { Name: 'index', Value: index },
        { Name: 'InstanceType', Value: 'g5.12xlarge' },
      ],
    })),
  }));
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput): GetMetricDataCommandOutput => {
    const start = (input.StartTime as Date).getTime();
    const end = (input.EndTime as Date).getTime();
    const firstPage = input.NextToken === undefined;
    return {
      $metadata: { httpStatusCode: 200 },
      Messages: [],
      ...(firstPage ? { NextToken: 'page-2' } : {}),
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
        const stat = q.MetricStat;
        const period = (stat?.Period ?? 300) * 1000;
        const index = stat?.Metric?.Dimensions?.find((d) => d.Name === 'index')?.Value ?? '0';
        const all: number[] = [];
        for (let t = start; t < end; t += period) all.push(t);
        const half = Math.ceil(all.length / 2);
        const times = firstPage ? all.slice(0, half) : all.slice(half);
        return {
          Id: q.Id,
          Label: stat?.Metric?.MetricName,
          Timestamps: times.map((t) => new Date(t)),
          Values: times.map((t) => value(stat?.Metric?.MetricName ?? '', index, t)),
          StatusCode: firstPage ? 'PartialData' : 'Complete',
        };
      }),
    };
  });
}

let server: S3TestServer;
let lake: S3Store;

beforeAll(async () => {
  server = await startS3Server(['gpu-lake']);
  lake = new S3Store({ client: server.client(), bucket: 'gpu-lake', prefix: 'curated' });
});
afterAll(() => server.stop());

function handler(now: string, store = 's3://gpu-lake/curated') {
  const clock = fixedClock(now);
  const telemetry = new Metrics({ namespace: 'GenAiFinOps', serviceName: 'test' });
  vi.spyOn(telemetry, 'publishStoredMetrics').mockImplementation(() => telemetry);
  return createGpuIngestHandler({
    config: { ...config, ingest: { ...config.ingest, store } },
    s3: server.client(),
    metrics: () => new CloudWatchMetricSource(new CloudWatchClient({ region: 'us-east-1' }), clock),
    directory: () => staticDirectory(emptyCatalog()),
    clock,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    telemetry,
  });
}

/** A scheduled run at `at` (the schedule's `time`), and what it asked CloudWatch for. */
async function scheduled(at: string) {
  cw.resetHistory();
  const summary = await handler(new Date(Date.parse(at) + 10 * 60_000).toISOString())({ time: at });
  const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
  const metrics = new Set(
    calls.flatMap((c) => (c.MetricDataQueries ?? []).map((q) => q.MetricStat?.Metric?.MetricName)),
  );
  const pages = calls.length;
  const queries = calls.reduce((n, c) => n + (c.MetricDataQueries?.length ?? 0), 0);
  return { summary, calls, metrics, pages, queries };
}

const partition = (dt: string) => `gpu_hourly/dt=${dt}/part-00000.parquet`;
const rowsOf = async (dt: string): Promise<LakeRow[]> => decodeParquet(await lake.getBytes(partition(dt)));
const byHour = (rows: LakeRow[]) => new Map(rows.map((r) => [new Date(r.hour as number).toISOString(), r]));
const bytes = async () => [
  Buffer.from(await lake.getBytes(partition('2026-03-09'))).toString('base64'),
  Buffer.from(await lake.getBytes(partition('2026-03-10'))).toString('base64'),
];

describe('scheduledRunPlan', () => {
  it('reads memory on the hours that are multiples of gpu.memoryEveryHours, for the hours since the last one plus the look-back', () => {
    const at = (iso: string) => new Date(iso);
    const memory = scheduledRunPlan(at('2026-03-10T06:00:00Z'), config.gpu, at('2026-03-10T06:10:00Z'));
    expect(memory.readMemory).toBe(true);
    expect(new Date(memory.window.start).toISOString()).toBe('2026-03-09T22:00:00.000Z');
    expect(memory.window.end - memory.window.start).toBe(
      (config.gpu.memoryEveryHours + config.gpu.lookbackHours - 1) * HOUR,
    );
    const plain = scheduledRunPlan(at('2026-03-10T07:00:00Z'), config.gpu, at('2026-03-10T07:10:00Z'));
    expect(plain.readMemory).toBe(false);
    expect(plain.window.end - plain.window.start).toBe(config.gpu.lookbackHours * HOUR);
    const hourly = parseConfig({ gpu: { memoryEveryHours: 1 } }).gpu;
    const every = scheduledRunPlan(at('2026-03-10T07:00:00Z'), hourly, at('2026-03-10T07:10:00Z'));
    expect(every).toMatchObject({ readMemory: true, window: plain.window });
    const day = Array.from({ length: 24 }, (_, h) => Date.parse('2026-03-10T00:00:00Z') + h * HOUR);
    expect(day.filter((h) => isMemoryHour(h, 6)).map((h) => new Date(h).getUTCHours())).toEqual([
      0, 6, 12, 18,
    ]);
  });

  it('rejects a memoryEveryHours that does not divide the day, naming the key', () => {
    expect(() => parseConfig({ gpu: { memoryEveryHours: 5 } })).toThrow(/gpu\.memoryEveryHours/);
  });
});

describe('GPU memory every gpu.memoryEveryHours hours (CloudWatch mocked, S3 served locally)', () => {
  beforeEach(() => {
    cw.reset();
    mockAgent();
  });

  it('leaves memory NULL between memory runs, fills the earlier hours on the next one, keeps it on later runs, and reruns byte for byte', async () => {
    // 05:00 is no memory hour: utilization alone, 2 GPUs x 1 metric a page, over the look-back.
    const a = await scheduled('2026-03-10T05:00:00Z');
    expect(a.summary.memoryRead).toBe(false);
    expect(a.metrics).toEqual(new Set(['nvidia_smi_utilization_gpu']));
    expect(a.summary.metricsRequested).toBe(a.queries);
    expect(a.queries).toBe(2 * a.pages);
    let rows = byHour(await rowsOf('2026-03-10'));
    expect([...rows.keys()]).toEqual(['02', '03', '04'].map((h) => `2026-03-10T${h}:00:00.000Z`));
    for (const r of rows.values()) {
      expect(r.gpu_mem_util_avg).toBeNull();
      expect(r.gpu_util_avg).toBe((40 + new Date(r.hour as number).getUTCHours() + 0) / 2);
    }

    // 06:00 is a memory hour: utilization and memory (used, and total the first time) in one window.
    const b = await scheduled('2026-03-10T06:00:00Z');
    expect(b.summary.memoryRead).toBe(true);
    expect(b.metrics).toEqual(
      new Set(['nvidia_smi_utilization_gpu', 'nvidia_smi_memory_used', 'nvidia_smi_memory_total']),
    );
    expect(new Set(b.calls.map((c) => c.StartTime?.toISOString()))).toEqual(
      new Set(['2026-03-09T22:00:00.000Z']),
    );
    expect(b.summary.partialSeries).toBe(0);
    rows = byHour(await rowsOf('2026-03-10'));
    expect(rows.size).toBe(6);
    for (const r of rows.values())
      expect(r.gpu_mem_util_avg).toBeCloseTo(expectedMemory(r.hour as number), 9);
    const before = byHour(await rowsOf('2026-03-09'));
    expect([...before.keys()]).toEqual(['2026-03-09T22:00:00.000Z', '2026-03-09T23:00:00.000Z']);
    for (const r of before.values())
      expect(r.gpu_mem_util_avg).toBeCloseTo(expectedMemory(r.hour as number), 9);

    // 07:00 reads utilization only: hours 04 and 05 keep their memory, the new hour 06 is NULL.
    const c = await scheduled('2026-03-10T07:00:00Z');
    expect(c.metrics).toEqual(new Set(['nvidia_smi_utilization_gpu']));
    rows = byHour(await rowsOf('2026-03-10'));
    expect(rows.get('2026-03-10T04:00:00.000Z')?.gpu_mem_util_avg).toBeCloseTo(
      expectedMemory(Date.parse('2026-03-10T04:00:00Z')),
      9,
    );
    expect(rows.get('2026-03-10T05:00:00.000Z')?.gpu_mem_util_avg).toBeCloseTo(
      expectedMemory(Date.parse('2026-03-10T05:00:00Z')),
      9,
    );
    expect(rows.get('2026-03-10T06:00:00.000Z')?.gpu_mem_util_avg).toBeNull();
    expect(rows.get('2026-03-10T06:00:00.000Z')?.gpu_util_avg).toBe((40 + 6) / 2);

    // Reruns of either kind rewrite the same bytes (the memory total now comes from the store).
    const after = await bytes();
    await scheduled('2026-03-10T07:00:00Z');
    expect(await bytes()).toEqual(after);
    const again = await scheduled('2026-03-10T06:00:00Z');
    expect(again.metrics.has('nvidia_smi_memory_total')).toBe(false);
    expect(await bytes()).toEqual(after);
  });

  it('reads memory for a whole backfill window in one request per page and fills every hour', async () => {
    cw.resetHistory();
    // A store of its own: no memory total kept yet.
    const store = 's3://gpu-lake/backfill';
    const summary = await handler('2026-03-11T07:10:00Z', store)({ from: '2026-03-08', to: '2026-03-08' });
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(summary.memoryRead).toBe(true);
    expect(calls).toHaveLength(2); // one request, two pages
    for (const call of calls) {
      expect(call.StartTime?.toISOString()).toBe('2026-03-08T00:00:00.000Z');
      expect(call.EndTime?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
    }
    const names = calls[0]?.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.MetricName) ?? [];
    expect(new Set(names)).toEqual(
      new Set(['nvidia_smi_utilization_gpu', 'nvidia_smi_memory_used', 'nvidia_smi_memory_total']),
    );
    const backfill = new S3Store({ client: server.client(), bucket: 'gpu-lake', prefix: 'backfill' });
    const rows = await decodeParquet(await backfill.getBytes(partition('2026-03-08')));
    expect(rows).toHaveLength(24);
    for (const r of rows) expect(r.gpu_mem_util_avg).toBeCloseTo(expectedMemory(r.hour as number), 9);
  });

  it('requests, over a day of hourly runs, the metrics the estimate counts', async () => {
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      Messages: [],
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        Timestamps: [input.StartTime as Date],
        Values: [10],
        StatusCode: 'Complete',
      })),
    }));
    let requested = 0;
    for (let h = 1; h <= 24; h++) {
      const at = new Date(Date.parse('2026-03-20T00:00:00Z') + h * HOUR).toISOString();
      const summary = await handler(at, 's3://gpu-lake/day')({ time: at });
      requested += summary.metricsRequested;
    }
    // 2 GPUs; the estimate spreads a month's weekly memory-total refreshes, a fresh store reads it once.
    const refreshes = Math.ceil(30 / REFRESH_DAYS);
    expect(requested).toBe(2 * (metricsPerGpuMonth(config, 24) - refreshes + 1));
  });

  it('counts series CloudWatch still answers PartialData for after the last page', async () => {
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      Messages: [],
      MetricDataResults: (input.MetricDataQueries ?? []).map((q, i) => ({
        Id: q.Id,
        Label: q.MetricStat?.Metric?.MetricName,
        Timestamps: [input.StartTime as Date],
        Values: [10],
        StatusCode: i === 0 ? 'PartialData' : 'Complete',
      })),
    }));
    const { summary } = await scheduled('2026-03-12T05:00:00Z');
    expect(summary.partialSeries).toBe(1);
  });
});
