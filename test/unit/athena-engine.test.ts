import {
  AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  type GetQueryExecutionOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  InvalidRequestException,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine, athenaCostUsd } from '../../shared/adapters/aws/athena-engine';
import { QueryError, QueryFailedError, QueryTimeoutError } from '../../shared/adapters/query-errors';
import { renderQuery } from '../../shared/sql/queries';

const ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const SQL = renderQuery('usageByTeamModel', { from: '2026-03-02', to: '2026-03-03' });
const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'us-east-1' });

// ColumnInfo exactly as Athena engine v3 returns it for a SELECT.
const column = (Name: string, Type: string, Precision: number, Scale = 0): ColumnInfo => ({
  CatalogName: 'hive',
  SchemaName: '',
  TableName: '',
  Name,
  Label: Name,
  Type,
  Precision,
  Scale,
  Nullable: 'UNKNOWN',
  CaseSensitive: Type === 'varchar',
});
const columnInfo: ColumnInfo[] = [
  column('team', 'varchar', 2147483647),
  column('account_id', 'varchar', 2147483647),
  column('invocations', 'bigint', 19),
  column('share', 'double', 17),
  column('cost', 'decimal', 18, 6),
  column('day', 'date', 0),
  column('first_seen', 'timestamp', 3),
  column('throttled', 'boolean', 0),
];
const cells = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});
const header = cells('team', 'account_id', 'invocations', 'share', 'cost', 'day', 'first_seen', 'throttled');

function page(rows: ReturnType<typeof cells>[], NextToken?: string): GetQueryResultsCommandOutput {
  return {
    UpdateCount: 0,
    ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: columnInfo } },
    ...(NextToken ? { NextToken } : {}),
    $metadata: {},
  };
}

function execution(
  State: QueryExecutionState,
  extra: Partial<NonNullable<GetQueryExecutionOutput['QueryExecution']>> = {},
) {
  return {
    QueryExecution: {
      QueryExecutionId: ID,
      Query: SQL,
      StatementType: 'DML' as const,
      ResultConfiguration: { OutputLocation: `s3://finops-athena-results/${ID}.csv` },
      QueryExecutionContext: { Database: 'genai_finops', Catalog: 'awsdatacatalog' },
      Status: { State, SubmissionDateTime: new Date('2026-03-02T10:00:00.000Z') },
      Statistics: {
        EngineExecutionTimeInMillis: 1234,
        DataScannedInBytes: 52_428_800,
        TotalExecutionTimeInMillis: 1500,
        QueryQueueTimeInMillis: 120,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      WorkGroup: 'genai-finops',
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      SubstatementType: 'SELECT',
      ...extra,
    },
    $metadata: {},
  };
}

function throttled(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
}

let sleeps: number[];
function engine(extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}): AthenaEngine {
  return new AthenaEngine({
    client,
    workgroup: 'genai-finops',
    database: 'genai_finops',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
}

beforeEach(() => {
  athena.reset();
  sleeps = [];
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID, $metadata: {} });
  athena.on(GetQueryResultsCommand).resolves(page([header]));
});

describe('AthenaEngine', () => {
  it('starts the query in the workgroup and database, then polls QUEUED → RUNNING → SUCCEEDED with backoff', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('SUCCEEDED'));

    const result = await engine().query(SQL);

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: SQL,
      QueryExecutionContext: { Database: 'genai_finops', Catalog: 'AwsDataCatalog' },
      WorkGroup: 'genai-finops',
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(result).toMatchObject({ engine: 'athena', rows: [], bytesScanned: 52_428_800 });
  });

  it('caps the polling interval at 5 s', async () => {
    const running = Array.from({ length: 7 }, () => execution('RUNNING'));
    let poll = athena.on(GetQueryExecutionCommand);
    for (const r of running) poll = poll.resolvesOnce(r);
    poll.resolves(execution('SUCCEEDED'));

    await engine().query('SELECT 1 AS one');

    expect(sleeps).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('passes the output location and result reuse when configured', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    await engine({ outputLocation: 's3://finops-athena-results/', resultReuseMinutes: 60 }).query(
      'SELECT 1 AS one',
    );

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      ResultConfiguration: { OutputLocation: 's3://finops-athena-results/' },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } },
    });
  });

  it('pages through results, skipping the header row of the first page only, and types each cell', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(
        page(
          [
            header,
            cells(
              'search',
              '012345678901',
              '3',
              '0.75',
              '12.500000',
              '2026-03-02',
              '2026-03-02 01:02:03.456',
              'false',
            ),
          ],
          'token-2',
        ),
      )
      // A later page whose first row looks like the header is data, not a header.
      .resolvesOnce(
        page(
          [
            cells(
              'team',
              '000000000042',
              '1',
              '1.0E-4',
              '0.000100',
              '2026-03-03',
              '2026-03-03 00:00:00.000',
              'true',
            ),
          ],
          'token-3',
        ),
      )
      .resolvesOnce(
        page([cells('unattributed', undefined, '0', undefined, undefined, undefined, undefined, undefined)]),
      );

    const result = await engine().query(SQL);

    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: ID, MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: ID, MaxResults: 1000, NextToken: 'token-2' },
      { QueryExecutionId: ID, MaxResults: 1000, NextToken: 'token-3' },
    ]);
    expect(result.columns).toEqual([
      { name: 'team', type: 'varchar' },
      { name: 'account_id', type: 'varchar' },
      { name: 'invocations', type: 'bigint' },
      { name: 'share', type: 'double' },
      { name: 'cost', type: 'decimal(18,6)' },
      { name: 'day', type: 'date' },
      { name: 'first_seen', type: 'timestamp' },
      { name: 'throttled', type: 'boolean' },
    ]);
    expect(result.rows).toEqual([
      {
        team: 'search',
        account_id: '012345678901',
        invocations: 3,
        share: 0.75,
        cost: '12.500000',
        day: '2026-03-02',
        first_seen: '2026-03-02 01:02:03.456',
        throttled: false,
      },
      {
        team: 'team',
        account_id: '000000000042',
        invocations: 1,
        share: 0.0001,
        cost: '0.000100',
        day: '2026-03-03',
        first_seen: '2026-03-03 00:00:00.000',
        throttled: true,
      },
      {
        team: 'unattributed',
        account_id: null,
        invocations: 0,
        share: null,
        cost: null,
        day: null,
        first_seen: null,
        throttled: null,
      },
    ]);
  });

  it('reports bytes scanned from Statistics.DataScannedInBytes (0 when reused)', async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      execution('SUCCEEDED', {
        Statistics: { DataScannedInBytes: 0, ResultReuseInformation: { ReusedPreviousResult: true } },
      }),
    );
    expect((await engine().query('SELECT 1 AS one')).bytesScanned).toBe(0);
  });

  describe('exact numbers', () => {
    it('returns integers beyond Number.MAX_SAFE_INTEGER as exact bigints and safe ones as numbers', async () => {
      athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
      athena
        .on(GetQueryResultsCommand)
        .resolves(
          page([
            header,
            cells('a', '1', '9007199254740993', '0', '0', '2026-03-02', '2026-03-02 00:00:00.000', 'true'),
            cells(
              'b',
              '1',
              '-9223372036854775808',
              '0',
              '0',
              '2026-03-02',
              '2026-03-02 00:00:00.000',
              'true',
            ),
            cells('c', '1', '9007199254740991', '0', '0', '2026-03-02', '2026-03-02 00:00:00.000', 'true'),
          ]),
        );

      const rows = (await engine().query('SELECT 1 AS one')).rows;
      expect(rows.map((r) => r.invocations)).toEqual([
        9007199254740993n,
        -9223372036854775808n,
        9007199254740991,
      ]);
      expect(typeof rows[2]?.invocations).toBe('number');
    });

    it('returns decimals as their exact text, every digit of the scale kept', async () => {
      athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
      const digits = '123456789012.345678';
      athena
        .on(GetQueryResultsCommand)
        .resolves(
          page([header, cells('a', '1', '1', '0', digits, '2026-03-02', '2026-03-02 00:00:00.000', 'true')]),
        );

      const [row] = (await engine().query('SELECT 1 AS one')).rows;
      expect(row?.cost).toBe(digits);
      // As a double this value would print as 123456789012.34568.
      expect(String(Number(digits))).not.toBe(digits);
    });

    it('throws a QueryError for an integer or decimal cell that is not a number', async () => {
      athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
      athena
        .on(GetQueryResultsCommand)
        .resolvesOnce(
          page([header, cells('a', '1', '1.5', '0', '1', '2026-03-02', '2026-03-02 00:00:00.000', 'true')]),
        )
        .resolvesOnce(
          page([header, cells('a', '1', '1', '0', '1e3', '2026-03-02', '2026-03-02 00:00:00.000', 'true')]),
        );

      await expect(engine().query('SELECT 1 AS one')).rejects.toThrow(/invocations: '1.5' is not a bigint/);
      await expect(engine().query('SELECT 1 AS one')).rejects.toThrow(/cost: '1e3' is not a decimal/);
    });
  });

  describe('failures', () => {
    it('throws QueryFailedError with the state change reason when the query FAILED', async () => {
      const reason =
        "COLUMN_NOT_FOUND: line 1:8: Column 'teem' cannot be resolved or requester is not authorized to access requested resources";
      athena
        .on(GetQueryExecutionCommand)
        .resolvesOnce(execution('RUNNING'))
        .resolves(
          execution('FAILED', {
            Status: {
              State: 'FAILED',
              StateChangeReason: reason,
              AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: reason },
            },
          }),
        );

      const error = await engine()
        .query('SELECT teem FROM bedrock_invocations')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(QueryFailedError);
      expect(error).toMatchObject({
        engine: 'athena',
        state: 'FAILED',
        reason,
        queryExecutionId: ID,
        retryable: false,
      });
      expect((error as Error).message).toContain(ID);
      expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    });

    it('throws QueryFailedError when the query was CANCELLED', async () => {
      athena.on(GetQueryExecutionCommand).resolves(
        execution('CANCELLED', {
          Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' },
        }),
      );

      await expect(engine().query('SELECT 1 AS one')).rejects.toMatchObject({
        name: 'QueryFailedError',
        state: 'CANCELLED',
        reason: 'Query cancelled by user',
      });
    });

    it('stops the query and throws QueryTimeoutError when it runs past timeoutMs', async () => {
      athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
      athena.on(StopQueryExecutionCommand).resolves({ $metadata: {} });

      const error = await engine({ timeoutMs: 2_000 })
        .query('SELECT 1 AS one')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect(error).toMatchObject({ engine: 'athena', timeoutMs: 2_000, queryExecutionId: ID });
      expect(sleeps.reduce((a, b) => a + b, 0)).toBe(2_000);
      expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
        QueryExecutionId: ID,
      });
    });

    it('wraps a non-throttling API error in a QueryError without retrying', async () => {
      athena
        .on(StartQueryExecutionCommand)
        .rejects(
          new InvalidRequestException({ message: 'WorkGroup genai-finops is not found.', $metadata: {} }),
        );

      const error = await engine()
        .query('SELECT 1 AS one')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(QueryError);
      expect(error).not.toBeInstanceOf(QueryFailedError);
      expect((error as Error).cause).toBeInstanceOf(InvalidRequestException);
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    });
  });

  describe('throttling', () => {
    it('retries a throttled StartQueryExecution with backoff, then succeeds', async () => {
      athena
        .on(StartQueryExecutionCommand)
        .rejectsOnce(throttled())
        .rejectsOnce(new TooManyRequestsException({ message: 'Too many queries', $metadata: {} }))
        .resolves({ QueryExecutionId: ID, $metadata: {} });
      athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

      const result = await engine().query('SELECT 1 AS one');

      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
      expect(sleeps).toEqual([250, 500, 250]); // two retry pauses, then the first poll
      expect(result.bytesScanned).toBe(52_428_800);
    });

    it('retries throttled GetQueryExecution and GetQueryResults calls too', async () => {
      athena.on(GetQueryExecutionCommand).rejectsOnce(throttled()).resolves(execution('SUCCEEDED'));
      athena
        .on(GetQueryResultsCommand)
        .rejectsOnce(throttled())
        .resolves(page([header]));

      await expect(engine().query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [] });
      expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
      expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    });

    it('gives up after 6 attempts with a QueryError carrying the last throttling error', async () => {
      const last = throttled();
      athena.on(StartQueryExecutionCommand).rejects(last);

      const error = await engine()
        .query('SELECT 1 AS one')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(QueryError);
      expect((error as Error).cause).toBe(last);
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(6);
      expect(sleeps).toEqual([250, 500, 1000, 2000, 4000]);
    });
  });
});

describe('athenaCostUsd', () => {
  const MB = 2 ** 20;
  const tenMbCost = (10 * MB * 5) / 2 ** 40;

  it('charges $5 per TB scanned', () => {
    expect(athenaCostUsd(2 ** 40)).toBe(5);
    expect(athenaCostUsd(3 * 2 ** 40)).toBe(15);
  });

  describe('edge cases', () => {
    it('charges the 10 MB minimum for 0 bytes and for small scans', () => {
      expect(athenaCostUsd(0)).toBe(tenMbCost);
      expect(athenaCostUsd(1)).toBe(tenMbCost);
      expect(athenaCostUsd(10 * MB)).toBe(tenMbCost);
    });

    it('rounds bytes up to the next MB', () => {
      expect(athenaCostUsd(10 * MB + 1)).toBe((11 * MB * 5) / 2 ** 40);
      expect(athenaCostUsd(100 * MB - 1)).toBe(athenaCostUsd(100 * MB));
      expect(athenaCostUsd(100 * MB + 1)).toBeGreaterThan(athenaCostUsd(100 * MB));
    });

    it('takes another price per TB', () => {
      expect(athenaCostUsd(2 ** 40, 6.75)).toBe(6.75);
    });

    it('rejects negative or non-finite byte counts', () => {
      expect(() => athenaCostUsd(-1)).toThrow(RangeError);
      expect(() => athenaCostUsd(Number.NaN)).toThrow(RangeError);
    });
  });
});
