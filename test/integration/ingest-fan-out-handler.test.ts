import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { decodeParquet } from '../../shared/lake/parquet';
import { fixedClock } from '../../shared/ports';
import { hourFolder, putLog, record } from '../support/bedrock-corpus';
import { type S3TestServer, startS3Server } from '../support/s3-server';

let server: S3TestServer;
const clock = fixedClock('2026-03-02T23:00:00Z');
const configFor = (prefix: string) =>
  parseConfig({
    ingest: { source: 's3://bedrock-logs/logs', store: `s3://finops-data/${prefix}`, lookbackHours: 2 },
  });

beforeAll(async () => {
  server = await startS3Server(['bedrock-logs', 'finops-data']);
  const raw = new S3Store({ client: server.client(), bucket: 'bedrock-logs', prefix: 'logs' });
  await putLog(raw, `${hourFolder('2026-03-02T09')}a.json.gz`, [
    record('s1', '2026-03-02T09:00:01Z', { team: 'support', input: 10, output: 1 }),
    record('s2', '2026-03-02T09:10:00Z', { team: 'search', input: 20, output: 2 }),
  ]);
  await putLog(raw, `${hourFolder('2026-03-02T10')}b.json.gz`, [
    record('s2', '2026-03-02T09:10:00Z', { team: 'search', input: 20, output: 2 }),
    record('s3', '2026-03-02T10:30:00Z', { team: 'support', input: 30, output: 3 }),
  ]);
  await putLog(raw, `${hourFolder('2026-03-01T23', '222233334444', 'eu-west-1')}c.json.gz`, [
    {
      ...record('s4', '2026-03-01T23:59:00Z', { team: 'support', input: 40, output: 4 }),
      accountId: '222233334444',
    },
  ]);
});
afterAll(async () => {
  await server?.stop();
});

async function rowsOf(prefix: string): Promise<Record<string, unknown>> {
  const store = new S3Store({ client: server.client(), bucket: 'finops-data', prefix });
  const out: Record<string, unknown> = {};
  for await (const o of store.list('bedrock_invocations/'))
    out[o.key] = await decodeParquet(await store.getBytes(o.key));
  return out;
}

describe('the ingest function run as the state machine runs it (one action per step)', () => {
  it('plans, stages each piece, rebuilds each changed day and commits: the tables of one run, and the run metrics', async () => {
    const config = configFor('fanned');
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const added = vi.spyOn(metrics, 'addMetric');
    const handler = createIngestHandler({
      config,
      s3: server.client(),
      resolver: { resolveApplicationProfile: async () => undefined },
      clock,
      logger: new Logger({ serviceName: 'test', logLevel: 'ERROR' }),
      metrics,
    });
    const runId = '5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
    const plan = await handler({ action: 'plan', runId, request: { from: '2026-03-01', to: '2026-03-02' } });
    expect(plan).toMatchObject({ runId, pieces: 50, itemsBucket: 'finops-data' });
    // What the Distributed Map's ItemReader reads: the JSON array at the bucket and key the plan returned.
    const body = await server
      .client()
      .send(new GetObjectCommand({ Bucket: String(plan.itemsBucket), Key: String(plan.itemsKey) }));
    const items = JSON.parse(
      await (body.Body as { transformToString(): Promise<string> }).transformToString(),
    ) as {
      runId: string;
      piece: number;
    }[];
    expect(String(plan.itemsKey)).toMatch(
      /^fanned\/_state\/fanout\/bedrock_invocations\/5f0c1d2e-.*\/items\.json$/,
    );
    expect(items).toHaveLength(50);
    let recordsRead = 0;
    for (const item of items) {
      const staged = await handler({ action: 'stage', runId: item.runId, piece: item.piece });
      recordsRead += Number(staged.recordsRead);
    }
    expect(recordsRead).toBe(5);
    const { days } = await handler({ action: 'days', runId });
    expect(days).toEqual(['2026-03-01', '2026-03-02']);
    // Each day is small: the day step rebuilds it at once and hands back no shuffle or merge steps.
    for (const dt of days as string[])
      expect(await handler({ action: 'day', runId, dt })).toMatchObject({ shuffleSteps: [], mergeSteps: [] });
    const committed = await handler({ action: 'commit', runId });
    expect(committed).toEqual({ runId, recordsRead: 5, recordsWritten: 4, partitions: 2 });
    expect(added).toHaveBeenCalledWith('RecordsRead', expect.anything(), 5);
    // A retried commit finds the run committed and changes nothing.
    expect(await handler({ action: 'commit', runId })).toMatchObject({ recordsWritten: 0 });

    await ingestBedrockLogs(
      {
        source: new S3Store({ client: server.client(), bucket: 'bedrock-logs', prefix: 'logs' }),
        store: new S3Store({ client: server.client(), bucket: 'finops-data', prefix: 'single' }),
        config: configFor('single'),
        clock,
      },
      { window: { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T02:00:00Z') } },
    );
    const single = await rowsOf('single');
    expect(Object.keys(single)).toHaveLength(2);
    expect(await rowsOf('fanned')).toEqual(single);
  });

  it('refuses a run id that is not an execution name (it becomes part of object keys)', async () => {
    const handler = createIngestHandler({
      config: configFor('bad'),
      s3: server.client(),
      resolver: { resolveApplicationProfile: async () => undefined },
      clock,
      logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    });
    await expect(
      handler({ action: 'plan', runId: '../../escape', request: { time: '2026-03-02T10:05:00Z' } }),
    ).rejects.toThrow(/not an execution name/);
  });
});
