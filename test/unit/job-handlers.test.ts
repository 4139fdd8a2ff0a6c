import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  GetDimensionValuesCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createCostIngestHandler } from '../../functions/ingest-cost/create-handler';
import { createGpuIngestHandler } from '../../functions/ingest-gpu/create-handler';
import { runJob, scheduledTime } from '../../functions/shared/run-job';
import { CloudWatchMetricSource } from '../../shared/adapters/aws/cloudwatch-metric-source';
import { CostExplorerSource } from '../../shared/adapters/aws/cost-explorer-source';
import { parseConfig } from '../../shared/config';
import { staticDirectory } from '../../shared/gpu/saved-resources';
import { emptyCatalog, fixedClock } from '../../shared/ports';

const s3 = mockClient(S3Client);
const ce = mockClient(CostExplorerClient);
const cw = mockClient(CloudWatchClient);
const clock = fixedClock('2026-03-10T07:00:00Z');

function shell() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const telemetry = new Metrics({ namespace: 'GenAiFinOps', serviceName: 'test' });
  const info = vi.spyOn(logger, 'info');
  const error = vi.spyOn(logger, 'error');
  const add = vi.spyOn(telemetry, 'addMetric');
  const publish = vi.spyOn(telemetry, 'publishStoredMetrics').mockImplementation(() => telemetry);
  vi.spyOn(telemetry, 'captureColdStartMetric').mockImplementation(() => telemetry);
  return { logger, telemetry, info, error, add, publish };
}

describe('runJob', () => {
  it('publishes the counts OPS_METRICS names, keeps the others in the one summary line', async () => {
    const s = shell();
    const out = await runJob({
      name: 'job',
      logger: s.logger,
      telemetry: s.telemetry,
      run: async () => ({ rows: 3 }),
      counts: (x) => ({ Rows: x.rows, AlertsSent: 1 }),
      failure: () => undefined,
    });
    expect(out).toEqual({ rows: 3 });
    expect(s.add).toHaveBeenCalledWith('AlertsSent', 'Count', 1);
    expect(s.add).not.toHaveBeenCalledWith('Rows', 'Count', 3);
    expect(s.add).toHaveBeenCalledTimes(1);
    expect(s.info).toHaveBeenCalledWith('job finished', { summary: { rows: 3 } });
    expect(s.publish).toHaveBeenCalledTimes(1);
  });

  it('fails the invocation when the summary says so, after logging and publishing', async () => {
    const s = shell();
    await expect(
      runJob({
        name: 'job',
        logger: s.logger,
        telemetry: s.telemetry,
        run: async () => ({ failed: 2 }),
        counts: (x) => ({ CostExplorerRequests: x.failed }),
        failure: (x) => `${x.failed} failed`,
      }),
    ).rejects.toThrow('2 failed');
    expect(s.error).toHaveBeenCalledTimes(1);
    expect(s.add).toHaveBeenCalledWith('CostExplorerRequests', 'Count', 2);
    expect(s.publish).toHaveBeenCalledTimes(1);
  });

  it('publishes also when the run itself throws', async () => {
    const s = shell();
    await expect(
      runJob({
        name: 'job',
        logger: s.logger,
        telemetry: s.telemetry,
        run: async () => {
          throw new Error('boom');
        },
        counts: () => ({}),
        failure: () => undefined,
      }),
    ).rejects.toThrow('boom');
    expect(s.publish).toHaveBeenCalledTimes(1);
  });

  it('takes the scheduled time of the event, or the clock when it is missing or not a time', () => {
    expect(scheduledTime('2026-03-01T06:00:00Z', clock).toISOString()).toBe('2026-03-01T06:00:00.000Z');
    expect(scheduledTime(undefined, clock)).toEqual(clock.now());
    expect(scheduledTime('not a time', clock)).toEqual(clock.now());
  });
});

describe('the Cost Explorer function', () => {
  beforeEach(() => {
    s3.reset();
    ce.reset();
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }),
    );
    s3.on(PutObjectCommand).resolves({ ETag: '"lease"' });
    s3.on(HeadObjectCommand).resolves({ ETag: '"lease"', ContentLength: 10 });
    s3.on(DeleteObjectsCommand).resolves({});
    ce.on(GetDimensionValuesCommand).resolves({ DimensionValues: [], ReturnSize: 0, TotalSize: 0 });
    ce.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => ({
      GroupDefinitions: input.GroupBy,
      ResultsByTime: [
        {
          TimePeriod: { Start: input.TimePeriod?.Start, End: '2026-03-08' },
          Total: {},
          Estimated: false,
          Groups:
            input.GroupBy?.[0]?.Key === 'SERVICE'
              ? [
                  {
                    Keys: ['Amazon Bedrock', 'USE1-NovaLite-input-tokens'],
                    Metrics: {
                      UnblendedCost: { Amount: '12.3456', Unit: 'USD' },
                      AmortizedCost: { Amount: '12.3456', Unit: 'USD' },
                      UsageQuantity: { Amount: '205760', Unit: '1K tokens' },
                    },
                  },
                ]
              : [],
        },
      ],
    }));
  });

  const config = parseConfig({ ingest: { store: 's3://finops-lake/curated' } });
  const handler = (s = shell()) =>
    createCostIngestHandler({
      config,
      s3: new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      source: new CostExplorerSource(new CostExplorerClient({ region: 'us-east-1' })),
      clock,
      random: () => 0.5,
      logger: s.logger,
      telemetry: s.telemetry,
    });

  it('pulls a backfill range and writes its day to the lake, counting its requests', async () => {
    const s = shell();
    const summary = await handler(s)({ from: '2026-03-07', to: '2026-03-07' });
    expect(summary.rowsWritten).toBeGreaterThan(0);
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toContain('curated/cost_daily/dt=2026-03-07/part-00000.parquet');
    expect(s.add).toHaveBeenCalledWith('CostExplorerRequests', 'Count', summary.requests.total);
    expect(summary.requests.total).toBe(
      ce.commandCalls(GetCostAndUsageCommand).length + ce.commandCalls(GetDimensionValuesCommand).length,
    );
  });

  it('fails the invocation, naming the request, when Cost Explorer refuses', async () => {
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $fault: 'client' }),
    );
    const s = shell();
    await expect(handler(s)({ from: '2026-03-07', to: '2026-03-07' })).rejects.toThrow();
    expect(s.publish).toHaveBeenCalledTimes(1);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).not.toContain(
      'curated/cost_daily/dt=2026-03-07/part-00000.parquet',
    );
  });
});

describe('the GPU metrics function', () => {
  beforeEach(() => {
    s3.reset();
    cw.reset();
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }),
    );
    s3.on(PutObjectCommand).resolves({ ETag: '"lease"' });
    s3.on(HeadObjectCommand).resolves({ ETag: '"lease"', ContentLength: 10 });
    s3.on(DeleteObjectsCommand).resolves({});
    // One EC2 instance with two GPUs reporting through the CloudWatch agent.
    cw.on(ListMetricsCommand).callsFake((input: { Namespace: string; MetricName: string }) => ({
      Metrics:
        input.Namespace === 'CWAgent'
          ? ['0', '1'].map((index) => ({
              Namespace: 'CWAgent',
              MetricName: input.MetricName,
              Dimensions: [
                { Name: 'InstanceId', Value: 'i-0abc' },
                { Name: 'index', Value: index },
              ],
            }))
          : [],
    }));
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: { Id: string }[] }) => ({
      MetricDataResults: input.MetricDataQueries.map((q) => ({
        Id: q.Id,
        Timestamps: [new Date('2026-03-10T05:00:00Z')],
        Values: [40],
        StatusCode: 'Complete',
      })),
    }));
  });

  const config = parseConfig({ ingest: { store: 's3://finops-lake/curated' } });
  const handler = (s = shell()) =>
    createGpuIngestHandler({
      config,
      s3: new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      metrics: () =>
        new CloudWatchMetricSource(new CloudWatchClient({ region: 'us-east-1' }), clock, {
          random: () => 0.5,
        }),
      directory: () => staticDirectory(emptyCatalog()),
      clock,
      logger: s.logger,
      telemetry: s.telemetry,
    });

  it('reads the look-back hours before the scheduled time and writes their day, counting metrics requested', async () => {
    const s = shell();
    const summary = await handler(s)({ time: '2026-03-10T07:00:00Z' });
    expect(summary.rowsWritten).toBe(1);
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toContain('curated/gpu_hourly/dt=2026-03-10/part-00000.parquet');
    const queries = cw
      .commandCalls(GetMetricDataCommand)
      .reduce((n, c) => n + (c.args[0].input.MetricDataQueries?.length ?? 0), 0);
    expect(summary.metricsRequested).toBe(queries);
    expect(s.add).toHaveBeenCalledWith('GpuMetricsRequested', 'Count', queries);
    const window = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(window?.EndTime?.toISOString()).toBe('2026-03-10T07:00:00.000Z');
  });

  it('fails the invocation when CloudWatch refuses, and writes nothing', async () => {
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const s = shell();
    await expect(handler(s)({ time: '2026-03-10T07:00:00Z' })).rejects.toThrow();
    expect(s.publish).toHaveBeenCalledTimes(1);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
