import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReportHandler } from '../../functions/report/create-handler';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { parseConfig } from '../../shared/config';
import { fixedClock, type QueryResult } from '../../shared/ports';
import { cents } from '../support/report-fixture';
import { writeReportLake } from '../support/report-lake';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:reports';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:report';
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

let duck: DuckDbEngine;
beforeAll(async () => {
  duck = await DuckDbEngine.open(writeReportLake());
});
afterAll(async () => {
  await duck.close();
});

/** A DuckDB result in the shape GetQueryResults returns it: every cell text, the header row first. */
function athenaPage(result: QueryResult) {
  const info: ColumnInfo[] = result.columns.map((c) => {
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(c.type);
    return {
      Name: c.name,
      Label: c.name,
      Type: decimal ? 'decimal' : c.type,
      Precision: decimal ? Number(decimal[1]) : 0,
      Scale: decimal ? Number(decimal[2]) : 0,
      Nullable: 'UNKNOWN',
    };
  });
  const cells = (values: unknown[]) => ({
    Data: values.map((v) => (v === null || v === undefined ? {} : { VarCharValue: String(v) })),
  });
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: info },
      Rows: [
        cells(result.columns.map((c) => c.name)),
        ...result.rows.map((r) => cells(result.columns.map((c) => r[c.name]))),
      ],
    },
  };
}

const sql = new Map<string, string>();
beforeEach(() => {
  athena.reset();
  s3.reset();
  sns.reset();
  sql.clear();
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommandInput) => {
    const id = `q-${sql.size}`;
    sql.set(id, input.QueryString ?? '');
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => ({
    QueryExecution: {
      QueryExecutionId,
      Status: { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: 1_048_576 },
    },
  }));
  athena
    .on(GetQueryResultsCommand)
    .callsFake(async ({ QueryExecutionId }: { QueryExecutionId: string }) =>
      athenaPage(await duck.query(sql.get(QueryExecutionId) ?? '')),
    );
  s3.on(PutObjectCommand).resolves({ ETag: '"x"' });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

function handler(
  overrides: Record<string, unknown> = {},
  s3Credentials: typeof credentials & { sessionToken?: string; expiration?: Date } = credentials,
) {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const telemetry = new Metrics({ namespace: 'GenAiFinOps', serviceName: 'test' });
  vi.spyOn(telemetry, 'publishStoredMetrics').mockImplementation(() => telemetry);
  vi.spyOn(telemetry, 'captureColdStartMetric').mockImplementation(() => telemetry);
  const emitted: string[] = [];
  const run = createReportHandler({
    config: parseConfig({
      ingest: { store: 's3://finops-lake/curated' },
      report: { timeZone: 'Europe/Berlin', ...overrides },
    }),
    s3: new S3Client({ region: 'us-east-1', credentials: s3Credentials }),
    athena: new AthenaClient({ region: 'us-east-1', credentials }),
    sns: new SNSClient({ region: 'us-east-1', credentials }),
    reportsTopicArn: TOPIC,
    // Monday 06:00 in Berlin.
    clock: fixedClock('2026-03-16T05:00:00Z'),
    logger,
    telemetry,
    emit: (r) => emitted.push(r),
  });
  return { run, emitted };
}

describe('the report function', () => {
  it('writes the three files of the last full week under its dated prefix', async () => {
    const { run } = handler();
    const summary = await run(
      { period: 'week', time: '2026-03-16T05:00:00Z' },
      { invokedFunctionArn: FUNCTION_ARN },
    );
    expect(summary.window).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Bucket, p.Key, p.ContentType])).toEqual([
      ['finops-lake', 'reports/week/2026-03-09_2026-03-15/report.html', 'text/html; charset=utf-8'],
      ['finops-lake', 'reports/week/2026-03-09_2026-03-15/chargeback.csv', 'text/csv; charset=utf-8'],
      ['finops-lake', 'reports/week/2026-03-09_2026-03-15/focus.csv', 'text/csv; charset=utf-8'],
    ]);
    const focus = String(puts[2]?.Body);
    expect(focus).toContain('111122223333');
    // Seven shipped queries, all through the configured workgroup.
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(starts).toHaveLength(7);
    expect(new Set(starts.map((s) => s.WorkGroup))).toEqual(new Set(['genai-finops']));
    expect(summary.bytesScanned).toBe(7 * 1_048_576);
  });

  it('publishes the weekly e-mail to the reports topic with a pre-signed link to report.html', async () => {
    const { run } = handler({ linkExpiryHours: 24 });
    const summary = await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    const [publish] = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publish?.TopicArn).toBe(TOPIC);
    expect(publish?.Subject).toMatch(/^GenAI spend weekly 2026-03-09 to 2026-03-15: \$/);
    expect((publish?.Subject ?? '').length).toBeLessThan(100);
    const url = /https:\/\/\S+/.exec(publish?.Message ?? '')?.[0] ?? '';
    expect(url).toContain('finops-lake');
    expect(url).toContain('reports/week/2026-03-09_2026-03-15/report.html');
    expect(url).toContain('X-Amz-Expires=86400');
    expect(url).toContain('X-Amz-Signature=');
    // Signed after the queries (the fixed clock moves on by their polling pauses), valid 24 hours from then.
    const signedAt = /X-Amz-Date=(\d{8}T\d{6}Z)/.exec(url)?.[1] ?? '';
    expect(summary.linkExpiresAt.replace(/[-:]/g, '')).toBe(signedAt.replace('20260316', '20260317'));
    expect(publish?.Message).toContain(`link valid until ${summary.linkExpiresAt}`);
    expect(publish?.MessageAttributes?.kind).toEqual({ DataType: 'String', StringValue: 'report' });
    expect(summary.messageId).toBe('m-1');
  });

  it('emits no unit-cost metrics by default (report.metricsTopN 0)', async () => {
    const { run, emitted } = handler();
    const summary = await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    expect(emitted).toEqual([]);
    expect(summary.metricRecords).toBe(0);
  });

  it('emits daily unit-cost metrics whose spend adds up to the unit-costs query', async () => {
    const { run, emitted } = handler({ metricsTopN: 10 });
    await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    const records = emitted.map((r) => JSON.parse(r) as Record<string, unknown>);
    const byTeam = records.filter((r) => 'team' in r && 'Spend' in r);
    const spend = byTeam.reduce((s, r) => s + Math.round((r.Spend as number) * 100), 0);
    const unitCosts = await duck.query([...sql.values()].find((q) => q.includes('cost_per_outcome')) ?? '');
    const expected = unitCosts.rows.reduce((s, r) => s + Number(cents(String(r.allocated_cost))), 0);
    expect(spend).toBe(expected);
    const first = records[0] as { _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string }[] } };
    expect(first._aws.CloudWatchMetrics[0]?.Namespace).toBe('GenAiFinOps');
    expect(new Date(first._aws.Timestamp).toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('bounds each dimension to the top N values and other', async () => {
    const { run, emitted } = handler({ metricsTopN: 1 });
    await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    const teams = new Set(emitted.map((r) => (JSON.parse(r) as { team?: string }).team).filter(Boolean));
    expect(teams).toEqual(new Set(['research', 'other']));
    for (const r of emitted) expect(r).not.toContain('<script>');
  });

  it('gives the link the expiry of the signing session when that comes first', async () => {
    const { run } = handler(
      {},
      { ...credentials, sessionToken: 't', expiration: new Date('2026-03-16T11:00:00Z') },
    );
    const summary = await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    expect(summary.linkExpiresAt).toBe('2026-03-16T11:00:00Z');
  });

  describe('the monthly run', () => {
    it('reports the last full calendar month and emits no metrics', async () => {
      const { run, emitted } = handler();
      const summary = await run({ period: 'month', time: '2026-04-01T04:00:00Z' });
      expect(summary.window).toEqual({ from: '2026-03-01', to: '2026-03-31' });
      expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Key).toBe(
        'reports/month/2026-03-01_2026-03-31/report.html',
      );
      expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toContain('monthly');
      expect(emitted).toEqual([]);
    });

    it('fails the invocation when the topic refuses the message', async () => {
      sns
        .on(PublishCommand)
        .rejects(Object.assign(new Error('denied'), { name: 'AuthorizationErrorException' }));
      const { run } = handler();
      await expect(run({ period: 'month', time: '2026-04-01T04:00:00Z' })).rejects.toThrow('denied');
    });
  });
});
