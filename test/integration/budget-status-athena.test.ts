import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  type GetQueryExecutionOutput,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import type { QueryResult } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { main } from '../../src/cli/main';
import { type CostLine, type Invocation, writeLake } from '../support/finops-lake';

const LITE = 'amazon.nova-lite-v1:0';
const AT = '2026-11-20T18:00:00Z';
const MONTHLY = 40;
/** Days from AT to the end of November. */
const DAYS_LEFT = (Date.parse('2026-12-01T00:00:00Z') - Date.parse(AT)) / 86_400_000;
const athena = mockClient(AthenaClient);
const trino = new TrinoSQL();

/**
 * 48 days of Nova Lite use by search/dev, billed up to yesterday: weekdays $2.15, weekends $0.45 (a
 * weekly pattern). Today has no bill yet: its spend is the tokens at list prices, an estimate.
 */
const days = Array.from(
  { length: 48 },
  (_, i) => new Date(Date.parse('2026-10-04T00:00:00Z') + i * 86_400_000),
)
  .map((d) => d.toISOString().slice(0, 10))
  .filter((d) => d <= AT.slice(0, 10));
const billOf = (day: string) => ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? '0.45' : '2.15');
const invocations: Invocation[] = days.map((day) => ({
  day,
  model: LITE,
  team: 'search',
  feature: 'rag',
  environment: 'dev',
  identityArn: 'arn:aws:sts::111122223333:assumed-role/dev-search/ci',
  input: 1_000_000,
  output: 100_000,
}));
const TODAY = AT.slice(0, 10);
const costs: CostLine[] = days
  .filter((d) => d < TODAY)
  .map((day) => ({
    day,
    service: 'Amazon Bedrock',
    usageType: 'USE1-NovaLite-input-tokens',
    cost: billOf(day),
  }));
/** Today's estimate: its tokens at the shipped list prices (dollars per 1M tokens). */
const listPrice = (charge: string) =>
  Number(
    shippedPriceBook().find((r) => r.item === LITE && r.charge === charge && r.effectiveDate <= TODAY)?.price,
  );
const estimate = listPrice('input') * 1 + listPrice('output') * 0.1;
/** November so far, in cents: the bill of the 1st to the 19th and today's estimate. */
const spentCents =
  days
    .filter((d) => d >= '2026-11-01' && d < TODAY)
    .reduce((sum, d) => sum + Math.round(Number(billOf(d)) * 100), 0) +
  estimate * 100;

let lake: string;
let duck: DuckDbEngine;
let configFile: string;
beforeAll(async () => {
  lake = writeLake({ invocations, costs });
  duck = await DuckDbEngine.open(lake);
  configFile = join(lake, 'genai-finops.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      athena: { workgroup: 'genai-finops', database: 'genai_finops' },
      guardrails: {
        budgets: [{ name: 'search-dev', team: 'search', environment: 'dev', monthly: MONTHLY }],
      },
    }),
  );
});
afterAll(async () => {
  await duck?.close();
});

/** ColumnInfo as Athena engine v3 returns it, from the column types DuckDB reports. */
function columnInfo(result: QueryResult): ColumnInfo[] {
  return result.columns.map((c) => {
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(c.type);
    return {
      CatalogName: 'hive',
      SchemaName: '',
      TableName: '',
      Name: c.name,
      Label: c.name,
      Type: decimal ? 'decimal' : c.type,
      Precision: decimal ? Number(decimal[1]) : c.type === 'varchar' ? 2147483647 : 0,
      Scale: decimal ? Number(decimal[2]) : 0,
      Nullable: 'UNKNOWN',
      CaseSensitive: c.type === 'varchar',
    };
  });
}

/** Every cell as Athena's text (absent for NULL); dates as YYYY-MM-DD. */
const cell = (v: unknown) =>
  v === null || v === undefined
    ? {}
    : { VarCharValue: v instanceof Date ? v.toISOString().slice(0, 10) : String(v) };

const PAGE_ROWS = 3;
const sent: StartQueryExecutionCommandInput[] = [];
const results = new Map<string, QueryResult>();
const polls = new Map<string, number>();

beforeEach(() => {
  athena.reset();
  sent.length = 0;
  results.clear();
  polls.clear();
  athena.on(StartQueryExecutionCommand).callsFake(async (input: StartQueryExecutionCommandInput) => {
    const id = `a1b2c3d4-5678-90ab-cdef-${String(sent.length).padStart(12, '0')}`;
    sent.push(input);
    // Athena runs the SQL it was sent: here DuckDB runs that same text over the same Parquet files.
    results.set(id, await duck.query(input.QueryString ?? ''));
    return { QueryExecutionId: id, $metadata: {} };
  });
  athena
    .on(GetQueryExecutionCommand)
    .callsFake(({ QueryExecutionId }: { QueryExecutionId: string }): GetQueryExecutionOutput => {
      const n = polls.get(QueryExecutionId) ?? 0;
      polls.set(QueryExecutionId, n + 1);
      const State = n === 0 ? 'QUEUED' : n === 1 ? 'RUNNING' : 'SUCCEEDED';
      return {
        QueryExecution: {
          QueryExecutionId,
          StatementType: 'DML',
          ResultConfiguration: { OutputLocation: `s3://finops-lake/athena-results/${QueryExecutionId}.csv` },
          QueryExecutionContext: { Database: 'genai_finops', Catalog: 'awsdatacatalog' },
          Status: { State, SubmissionDateTime: new Date(AT) },
          Statistics: {
            EngineExecutionTimeInMillis: 900,
            DataScannedInBytes: State === 'SUCCEEDED' ? 4_194_304 : 0,
            TotalExecutionTimeInMillis: 1100,
            QueryQueueTimeInMillis: 120,
          },
          WorkGroup: 'genai-finops',
          EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
          SubstatementType: 'SELECT',
        },
      };
    });
  // Pages of PAGE_ROWS rows; the first page starts with the header row, as Athena's does.
  athena
    .on(GetQueryResultsCommand)
    .callsFake(
      ({
        QueryExecutionId,
        NextToken,
      }: {
        QueryExecutionId: string;
        NextToken?: string;
      }): GetQueryResultsOutput => {
        const result = results.get(QueryExecutionId) as QueryResult;
        const header = { Data: result.columns.map((c) => ({ VarCharValue: c.name })) };
        const rows = [
          header,
          ...result.rows.map((r) => ({ Data: result.columns.map((c) => cell(r[c.name])) })),
        ];
        const from = NextToken ? Number(NextToken.split(':')[1]) : 0;
        const to = from + PAGE_ROWS;
        return {
          UpdateCount: 0,
          ResultSet: { Rows: rows.slice(from, to), ResultSetMetadata: { ColumnInfo: columnInfo(result) } },
          ...(to < rows.length ? { NextToken: `${QueryExecutionId}:${to}` } : {}),
        };
      },
    );
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `genai-finops budget status …` in this process; its stdout and exit status. */
async function budgetStatus(args: string[]): Promise<{ out: string; status: number }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const status = await main([
    'node',
    'genai-finops',
    'budget',
    'status',
    '--config',
    configFile,
    '--at',
    AT,
    ...args,
  ]);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { out, status };
}

interface StatusJson {
  budgets: {
    budget: string;
    spent: number;
    sharePct: number;
    forecast: number;
    forecastPct: number;
    daysLeft: number;
    estimated: boolean;
  }[];
  over: string[];
}

describe('genai-finops budget status against Athena', () => {
  it('prints the same spend, share, forecast and days left as over the local lake: the bill, then an estimate', async () => {
    const onAthena = await budgetStatus(['--store', 's3://finops-lake/curated', '--format', 'json']);
    expect(onAthena.status).toBe(0);
    expect(sent.length).toBeGreaterThan(0);
    const local = await budgetStatus(['--store', lake, '--format', 'json']);
    const fromAthena = JSON.parse(onAthena.out) as StatusJson;
    expect(fromAthena).toEqual(JSON.parse(local.out));

    const [status] = fromAthena.budgets;
    expect(status?.budget).toBe('search-dev');
    expect(estimate).toBeGreaterThan(0);
    expect((status?.spent ?? 0) * 100).toBeCloseTo(spentCents, 0);
    expect(status?.estimated).toBe(true);
    expect(status?.sharePct).toBeCloseTo(spentCents / MONTHLY, 1);
    // A weekly pattern: the forecast adds November's remaining days to what is spent.
    expect(status?.forecast).toBeGreaterThan(spentCents / 100);
    expect(status?.daysLeft).toBeCloseTo(DAYS_LEFT, 2);
  });

  it('polls each query through QUEUED and RUNNING, reads every page, in the configured workgroup', async () => {
    await budgetStatus(['--store', 's3://finops-lake/curated']);
    const ids = [...results.keys()];
    for (const id of ids) expect(polls.get(id)).toBe(3);
    const pages = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(pages.some((p) => p.NextToken !== undefined)).toBe(true);
    expect(new Set(sent.map((s) => s.WorkGroup))).toEqual(new Set(['genai-finops']));
    expect(new Set(sent.map((s) => s.QueryExecutionContext?.Database))).toEqual(new Set(['genai_finops']));
  });

  it('sends only SQL the Trino grammar accepts', async () => {
    await budgetStatus(['--store', 's3://finops-lake/curated']);
    for (const s of sent) {
      expect(
        trino.validate(s.QueryString ?? '').map((e) => `${e.startLine}:${e.startColumn} ${e.message}`),
      ).toEqual([]);
    }
  });

  it('prints the table and exits 3 with --fail-over at or under the share, 0 above it', async () => {
    const share = spentCents / MONTHLY;
    const over = await budgetStatus([
      '--store',
      's3://finops-lake/curated',
      '--fail-over',
      String(Math.floor(share)),
    ]);
    expect(over.status).toBe(3);
    const dollars = `$${(spentCents / 100).toFixed(2)}`;
    const row = over.out.split('\n').find((l) => l.startsWith('search-dev')) ?? '';
    expect(row.split(/ +/)).toEqual([
      'search-dev',
      '2026-11',
      dollars,
      '$40.00',
      `${Math.round(share)}%`,
      expect.stringMatching(/^\$\d+\.\d\d$/),
      expect.stringMatching(/^\d+%$/),
      DAYS_LEFT.toFixed(1),
      'estimate',
    ]);
    expect(over.out).toContain(`over ${Math.floor(share)}%: search-dev`);
    const under = await budgetStatus([
      '--store',
      's3://finops-lake/curated',
      '--fail-over',
      String(Math.ceil(share) + 1),
    ]);
    expect(under.status).toBe(0);
    expect(under.out).not.toContain('over ');
  });
});
