import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
import {
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReportHandler } from '../../functions/report/create-handler';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { parseConfig } from '../../shared/config';
import { fixedClock, type QueryResult } from '../../shared/ports';
import {
  collectRecommendations,
  toReportRecommendations,
} from '../../shared/recommend/collect-recommendations';
import { dollars } from '../../shared/report/money';
import { cents } from '../support/report-fixture';
import { writeReportLake } from '../support/report-lake';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:reports';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:report';
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

let duck: DuckDbEngine;
let lakeDir: string;
beforeAll(async () => {
  lakeDir = writeReportLake();
  duck = await DuckDbEngine.open(lakeDir);
});

/** ListObjectsV2 of `curated/<table>/` (no delimiter), as S3 answers it over the lake folder: its parts. */
function listLake({ Prefix = '' }: ListObjectsV2CommandInput) {
  const table = /^curated\/([a-z_]+)\/$/.exec(Prefix)?.[1];
  const contents: { Key: string; Size: number; LastModified: Date; ETag: string }[] = [];
  try {
    for (const folder of table ? readdirSync(join(lakeDir, table)).sort() : []) {
      for (const name of readdirSync(join(lakeDir, table as string, folder)).sort()) {
        const info = statSync(join(lakeDir, table as string, folder, name));
        contents.push({
          Key: `${Prefix}${folder}/${name}`,
          Size: info.size,
          LastModified: info.mtime,
          ETag: '"e"',
        });
      }
    }
  } catch {
    // No such table folder: S3 lists nothing.
  }
  return { Name: 'finops-lake', Prefix, KeyCount: contents.length, IsTruncated: false, Contents: contents };
}
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
  s3.on(ListObjectsV2Command).callsFake(listLake);
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
  const config = parseConfig({
    ingest: { store: 's3://finops-lake/curated' },
    report: { timeZone: 'Europe/Berlin', ...overrides },
  });
  const run = createReportHandler({
    config,
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
  return { run, emitted, logger, config };
}

/** The body of the object put under `name` (report.html, …). */
function putBody(name: string): string {
  const put = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key?.endsWith(`/${name}`));
  return String(put?.args[0].input.Body ?? '');
}

/** The HTML of one section of report.html. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
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
    // Seven shipped queries and recommend's five of its own, all through the configured workgroup.
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(starts).toHaveLength(12);
    expect(new Set(starts.map((s) => s.WorkGroup))).toEqual(new Set(['genai-finops']));
    // A retried run is answered from the first attempt's results.
    for (const s of starts)
      expect(s.ResultReuseConfiguration?.ResultReuseByAgeConfiguration).toEqual({
        Enabled: true,
        MaxAgeInMinutes: 60,
      });
    expect(summary.queries).toEqual({ sent: 12, reused: 2 });
    expect(summary.bytesScanned).toBe(12 * 1_048_576);
  });

  it('sends each SQL text once, and every one is valid Trino', async () => {
    const { run } = handler();
    await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    const texts = athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.QueryString ?? '');
    // gpu-efficiency and unit-costs serve both the report and its recommendations: sent once.
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.filter((t) => t.includes('FROM gpu_hourly')).length).toBeGreaterThanOrEqual(2);
    const trino = new TrinoSQL();
    for (const text of texts) expect(trino.validate(text)).toEqual([]);
  });

  it('lists the lake once per table and window, and reads identity_daily for the days that have it', async () => {
    const { run } = handler();
    await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
    const prefixes = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix);
    expect(prefixes.sort()).toEqual(['curated/bedrock_invocations/', 'curated/identity_daily/']);
    const texts = athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.QueryString ?? '');
    const allocation = texts.filter((t) => t.includes('FROM allocated\nORDER BY usage_date, model'));
    expect(allocation).toHaveLength(2);
    for (const text of allocation) {
      expect(text).toMatch(
        /FROM identity_daily\s+WHERE dt BETWEEN '[-0-9]+' AND '[-0-9]+' AND dt IN \('2026-03-/,
      );
      expect(text).not.toContain('FROM bedrock_invocations');
    }
  });

  describe('recommendations', () => {
    it("shows the week's recommendations in report.html and their total in the e-mail, as recommend makes them", async () => {
      const { run, config } = handler();
      const summary = await run({ period: 'week', time: '2026-03-16T05:00:00Z' });
      // What the local path (recommend, report) makes of the same lake and week, straight on DuckDB.
      const local = toReportRecommendations(
        (
          await collectRecommendations(duck, {
            ...summary.window,
            unattributed: config.attribution.unattributed,
            costlyRate: config.pricing.costlyInstanceRate,
            peakStart: config.pricing.peakHoursUtc.start,
            peakEnd: config.pricing.peakHoursUtc.end,
            recommend: config.recommend,
          })
        ).recommendations,
      );
      expect(local.length).toBeGreaterThan(0);
      const totalCents = local.reduce((sum, r) => sum + r.savingCents, 0n);
      expect(summary.recommendations).toEqual({
        count: local.length,
        estimatedMonthlySaving: dollars(totalCents).slice(1).replace(/,/g, ''),
      });

      const section = sectionOf(putBody('report.html'), 'recommendations');
      expect(section).toContain(`Estimated savings: ${dollars(totalCents)} per month.`);
      const savings = [...section.matchAll(/<td class="num" data-v="(\d+)">/g)].map((m) =>
        BigInt(m[1] ?? ''),
      );
      expect(savings).toEqual(local.map((r) => r.savingCents));
      for (const r of local) expect(section).toContain(r.title.split(':')[0]);

      const message = sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
      expect(message).toContain(`Recommendations: ${dollars(totalCents)} estimated saving per month`);
    });

    it('still sends the report when the recommendation queries fail, saying they are unavailable, and logs the error', async () => {
      const reason =
        "TABLE_NOT_FOUND: line 6:8: Table 'awsdatacatalog.genai_finops.evaluations' does not exist";
      athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) =>
        (sql.get(QueryExecutionId) ?? '').includes('FROM evaluations')
          ? {
              QueryExecution: {
                QueryExecutionId,
                Status: {
                  State: 'FAILED',
                  StateChangeReason: reason,
                  AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: reason },
                },
                Statistics: { DataScannedInBytes: 0 },
              },
            }
          : {
              QueryExecution: {
                QueryExecutionId,
                Status: { State: 'SUCCEEDED' },
                Statistics: { DataScannedInBytes: 1_048_576 },
              },
            },
      );
      const { run, logger } = handler();
      const info = vi.spyOn(logger, 'info');
      const summary = await run({ period: 'week', time: '2026-03-16T05:00:00Z' });

      expect(s3.commandCalls(PutObjectCommand)).toHaveLength(3);
      const html = putBody('report.html');
      expect(sectionOf(html, 'spend')).toContain('research');
      expect(sectionOf(html, 'recommendations')).toContain('Recommendations are unavailable this time');
      expect(html).not.toContain('Estimated savings:');
      const [publish] = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
      expect(publish?.Message).toContain('Recommendations: unavailable this time');
      expect(publish?.Message).not.toContain('Recommendations: none in this period');

      expect(summary.recommendations).toEqual({ error: expect.stringContaining('TABLE_NOT_FOUND') });
      const line = info.mock.calls.find(([message]) => message === 'report week finished');
      expect(JSON.stringify(line?.[1])).toContain('TABLE_NOT_FOUND');
    });
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
