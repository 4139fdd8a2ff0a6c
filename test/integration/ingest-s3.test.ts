import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { mirrorTables } from '../../shared/adapters/local/mirror';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { curatedTables } from '../../shared/lake/tables';
import { fixedClock } from '../../shared/ports';
import { hourFolder, putLog, record } from '../support/bedrock-corpus';
import { type S3TestServer, startS3Server } from '../support/s3-server';

let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server(['bedrock-logs', 'finops-data']);
  const raw = new S3Store({ client: server.client(), bucket: 'bedrock-logs', prefix: 'logs' });
  await putLog(raw, `${hourFolder('2026-03-02T09')}a.json.gz`, [
    record('s1', '2026-03-02T09:00:01Z', { team: 'support', input: 10, output: 1 }),
    record('s2', '2026-03-02T09:10:00Z', { team: 'search', input: 20, output: 2 }),
    'not json',
  ]);
  await putLog(raw, `${hourFolder('2026-03-02T10')}b.json.gz`, [
    record('s2', '2026-03-02T09:10:00Z', { team: 'search', input: 20, output: 2 }),
    record('s3', '2026-03-02T10:30:00Z', { team: 'support', input: 30, output: 3 }),
  ]);
  await putLog(raw, `${hourFolder('2026-03-02T11', '222233334444', 'eu-west-1')}c.json.gz`, [
    {
      ...record('s4', '2026-03-02T11:59:00Z', { team: 'support', input: 40, output: 4 }),
      accountId: '222233334444',
    },
  ]);
});
afterAll(async () => {
  await server?.stop();
});

async function queryMirror(store: S3Store, sql: string) {
  const cache = mkdtempSync(join(tmpdir(), 'mirror-'));
  await mirrorTables(store, cache, curatedTables);
  const engine = await DuckDbEngine.open(cache);
  try {
    return (await engine.query(sql)).rows;
  } finally {
    await engine.close();
  }
}

describe('ingest through the S3 adapter against a real S3-compatible server', () => {
  it('reads one bucket prefix, writes Parquet to another, and DuckDB reads the result', async () => {
    const source = new S3Store({ client: server.client(), bucket: 'bedrock-logs', prefix: 'logs' });
    const store = new S3Store({ client: server.client(), bucket: 'finops-data', prefix: 'curated' });
    const s = await ingestBedrockLogs({
      source,
      store,
      config: parseConfig({}),
      clock: fixedClock('2026-03-02T12:00:00Z'),
    });
    expect(s.unitsFailed).toEqual([]);
    expect(s.recordsWritten).toBe(4);
    expect(s.duplicatesDropped).toBe(1);
    expect(s.rejectReasons).toEqual({ invalid_json: 1 });
    expect(s.requests.source.getRequests).toBe(3);
    expect(s.requests.store.putRequests).toBeGreaterThan(0);
    const rows = await queryMirror(
      store,
      'SELECT team, account_id, COUNT(*) AS n, CAST(SUM(input_tokens) AS BIGINT) AS input_tokens FROM bedrock_invocations GROUP BY team, account_id ORDER BY team, account_id',
    );
    expect(rows).toEqual([
      { team: 'search', account_id: '111122223333', n: 1, input_tokens: 20 },
      { team: 'support', account_id: '111122223333', n: 2, input_tokens: 40 },
      { team: 'support', account_id: '222233334444', n: 1, input_tokens: 40 },
    ]);
    const keys: string[] = [];
    for await (const o of store.list('bedrock_invocations/')) keys.push(o.key);
    expect(keys).toEqual(['bedrock_invocations/dt=2026-03-02/part-00000.parquet']);
  });

  it('runs as the scheduled Lambda handler over the look-back window only', async () => {
    const config = parseConfig({
      ingest: { source: 's3://bedrock-logs/logs', store: 's3://finops-data/lambda', lookbackHours: 1 },
    });
    const logged: string[] = [];
    const handler = createIngestHandler({
      config,
      s3: server.client(),
      resolver: { resolveApplicationProfile: async () => undefined },
      clock: fixedClock('2026-03-02T23:00:00Z'),
      logger: new Logger({ serviceName: 'test', logLevel: 'INFO' }),
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    });
    // EventBridge's scheduled event: `time` is the scheduled minute; 10:xx with 1 h look-back reads 09 and 10.
    const summary = await handler({ time: '2026-03-02T10:05:00Z' });
    void logged;
    expect(summary.window).toEqual({ from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T11:00:00.000Z' });
    expect(summary.unitsSeen).toBe(2);
    expect(summary.recordsWritten).toBe(3);
    const store = new S3Store({ client: server.client(), bucket: 'finops-data', prefix: 'lambda' });
    expect(
      await queryMirror(store, 'SELECT request_id FROM bedrock_invocations ORDER BY request_id'),
    ).toEqual([{ request_id: 's1' }, { request_id: 's2' }, { request_id: 's3' }]);
  });
});
