import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricSource } from '../../../shared/adapters/aws/cloudwatch-metric-source';
import { parseConfig } from '../../../shared/config';
import { MetricAccessError } from '../../../shared/gpu/errors';
import { backfillRunPlan } from '../../../shared/gpu/run-plan';
import { seriesFromSource } from '../../../shared/gpu/series-from-source';
import { fixedClock } from '../../../shared/ports';

const cw = mockClient(CloudWatchClient);
const window = { start: Date.parse('2026-03-02T00:00:00Z'), end: Date.parse('2026-03-03T00:00:00Z') };
const now = new Date('2026-03-03T01:00:00Z');
const source = () =>
  new CloudWatchMetricSource(new CloudWatchClient({}), fixedClock('2026-03-03T01:00:00Z'), {
    random: () => 0.5,
  });
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });

/** A reference org: 10 EC2 instances x 8 GPUs (CWAgent), 3 SageMaker variants, 2 EKS nodes x 4 GPUs. */
function listReferenceOrg(): void {
  const ec2 = Array.from({ length: 80 }, (_, i) => ({
    Namespace: 'CWAgent',
    Dimensions: [
      { Name: 'InstanceId', Value: `i-${String(Math.floor(i / 8)).padStart(17, '0')}` },
      { Name: 'index', Value: String(i % 8) },
    ],
  }));
  const sm = Array.from({ length: 3 }, (_, i) => ({
    Namespace: '/aws/sagemaker/Endpoints',
    Dimensions: [
      { Name: 'EndpointName', Value: `ep-${i}` },
      { Name: 'VariantName', Value: 'AllTraffic' },
    ],
  }));
  const eks = Array.from({ length: 8 }, (_, i) => ({
    Namespace: 'ContainerInsights',
    Dimensions: [
      { Name: 'ClusterName', Value: 'ml' },
      { Name: 'InstanceId', Value: `i-e${i >> 2}` },
      { Name: 'GpuDevice', Value: `nvidia${i % 4}` },
    ],
  }));
  cw.on(ListMetricsCommand).callsFake(
    (input: { Namespace: string; MetricName: string; NextToken?: string }) => {
      const all = input.Namespace === 'CWAgent' ? ec2 : input.Namespace === 'ContainerInsights' ? eks : sm;
      const metrics = all.map((m) => ({ ...m, MetricName: input.MetricName }));
      // Two pages for the agent's metrics, as ListMetrics pages at 500 and may page earlier.
      if (input.Namespace === 'CWAgent' && !input.NextToken)
        return { Metrics: metrics.slice(0, 50), NextToken: 'p2' };
      if (input.Namespace === 'CWAgent') return { Metrics: metrics.slice(50) };
      return { Metrics: metrics };
    },
  );
}

const answer = (input: { MetricDataQueries: { Id: string }[] }) => ({
  MetricDataResults: input.MetricDataQueries.map((q) => ({
    Id: q.Id,
    Timestamps: [new Date('2026-03-02T05:00:00Z')],
    Values: [42],
    StatusCode: 'Complete',
  })),
});

describe('CloudWatchMetricSource', () => {
  beforeEach(() => cw.reset());

  it('lists, batches at most 500 queries a call and counts the metrics requested for a reference org and day', async () => {
    listReferenceOrg();
    const calls: number[] = [];
    cw.on(GetMetricDataCommand).callsFake((input) => {
      calls.push(input.MetricDataQueries.length);
      return answer(input);
    });
    const s = source();
    const got = await seriesFromSource(s, parseConfig({}).gpu, backfillRunPlan(window, now), now);
    // Recent data at 5-minute periods, Average only (the hour's peak comes from its points):
    // 80 GPUs x 3 queries + 3 variants x 2 + 8 GPUs x 2 = 262 queries: one call.
    expect(calls).toEqual([262]);
    expect(got.metricsRequested).toBe(262);
    expect(got.listMetricsRequests).toBe(3 * 2 + 2 + 2);
    expect(got.series).toHaveLength(262);
    const stats = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries ?? [];
    expect(new Set(stats.map((q) => `${q.MetricStat?.Stat}/${q.MetricStat?.Period}`))).toEqual(
      new Set(['Average/300']),
    );
    expect(got.series.every((x) => x.values[0] === 42)).toBe(true);
  });

  it('follows NextToken, joins the pages per query, and splits a larger request in calls of 500', async () => {
    const queries = Array.from({ length: 1_100 }, (_, i) => ({
      id: `q${i}`,
      metric: {
        namespace: 'CWAgent',
        metricName: 'nvidia_smi_utilization_gpu',
        dimensions: { InstanceId: `i-${i}`, index: '0' },
      },
      stat: 'Average',
    }));
    const sizes: number[] = [];
    cw.on(GetMetricDataCommand).callsFake((input) => {
      sizes.push(input.MetricDataQueries.length);
      const second = input.NextToken === 'next';
      return {
        MetricDataResults: input.MetricDataQueries.map((q: { Id: string }) => ({
          Id: q.Id,
          Timestamps: [new Date(second ? '2026-03-02T01:00:00Z' : '2026-03-02T00:00:00Z')],
          Values: [second ? 2 : 1],
          StatusCode: second ? 'Complete' : 'PartialData',
        })),
        ...(second ? {} : { NextToken: 'next' }),
      };
    });
    const s = source();
    const results = await s.getMetricData(
      queries,
      { start: new Date(window.start), end: new Date(window.end) },
      3600,
    );
    expect(sizes).toEqual([500, 500, 500, 500, 100, 100]);
    expect(s.stats.metricsRequested).toBe(2_200);
    expect(results).toHaveLength(1_100);
    expect(results[0]).toMatchObject({ values: [1, 2], statusCode: 'Complete' });
  });

  it('sends fewer queries a call when a long window at 5 minutes would not fit one page of 100,800 points', async () => {
    const queries = Array.from({ length: 400 }, (_, i) => ({
      id: `q${i}`,
      metric: {
        namespace: 'CWAgent',
        metricName: 'nvidia_smi_utilization_gpu',
        dimensions: { index: `${i}` },
      },
      stat: 'Average',
    }));
    const sizes: number[] = [];
    cw.on(GetMetricDataCommand).callsFake((input) => {
      sizes.push(input.MetricDataQueries.length);
      return answer(input);
    });
    const s = source();
    // A day at 300 s is 288 points a query: 350 queries a call fit 100,800 points.
    await s.getMetricData(queries, { start: new Date(window.start), end: new Date(window.end) }, 300);
    expect(sizes).toEqual([350, 50]);
    expect(s.stats.metricsRequested).toBe(400);
  });

  it('retries throttling with backoff, then returns the data', async () => {
    listReferenceOrg();
    cw.on(GetMetricDataCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).callsFake(answer);
    const s = source();
    const got = await seriesFromSource(s, parseConfig({}).gpu, backfillRunPlan(window, now), now);
    expect(got.series).toHaveLength(262);
    expect(s.stats.throttled).toBe(2);
    expect(s.stats.getMetricDataRequests).toBe(3);
  });

  it('fails on a non-retryable error and on Forbidden, naming the call or metric', async () => {
    listReferenceOrg();
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('bad period'), { name: 'InvalidParameterValueException' }),
    );
    await expect(
      seriesFromSource(source(), parseConfig({}).gpu, backfillRunPlan(window, now), now),
    ).rejects.toThrow(/GetMetricData \(queries 1-262\) failed: InvalidParameterValueException: bad period/);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'q0', StatusCode: 'Forbidden' }] });
    await expect(
      seriesFromSource(source(), parseConfig({}).gpu, backfillRunPlan(window, now), now),
    ).rejects.toThrow(MetricAccessError);
  });
});
