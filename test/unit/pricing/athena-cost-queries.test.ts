import {
  AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../../shared/adapters/aws/athena-engine';
import { runQueries } from '../../../shared/sql/finops/run-queries';

const athena = mockClient(AthenaClient);
const info = (Name: string, Type: string, Precision: number, Scale = 0): ColumnInfo => ({
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
const row = (...v: string[]) => ({ Data: v.map((VarCharValue) => ({ VarCharValue })) });

beforeEach(() => {
  athena.reset();
  let n = 0;
  athena.on(StartQueryExecutionCommand).callsFake(() => ({ QueryExecutionId: `q-${++n}`, $metadata: {} }));
  athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => ({
    QueryExecution: {
      QueryExecutionId: input.QueryExecutionId,
      Status: { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: input.QueryExecutionId === 'q-1' ? 1_234_567 : 89_000 },
    },
    $metadata: {},
  }));
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      Rows: [
        row('usage_date', 'team', 'allocated_cost', 'estimated'),
        row('2026-03-02', 'a', '12345678901.23', 'false'),
      ],
      ResultSetMetadata: {
        ColumnInfo: [
          info('usage_date', 'date', 0),
          info('team', 'varchar', 2147483647),
          info('allocated_cost', 'decimal', 20, 2),
          info('estimated', 'boolean', 0),
        ],
      },
    },
    $metadata: {},
  });
});

describe('cost queries on Athena', () => {
  it('sends the rendered SQL with the window bound on dt, keeps decimals exact and reports bytes per query and in total', async () => {
    const engine = new AthenaEngine({
      client: new AthenaClient({ region: 'us-east-1' }),
      workgroup: 'genai-finops',
      database: 'genai_finops',
      sleep: async () => {},
    });
    const run = await runQueries(engine, ['allocation', 'unitCosts'], {
      from: '2026-03-01',
      to: '2026-03-31',
      unattributed: 'unattributed',
    });
    const sent = athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.QueryString ?? '');
    expect(sent).toHaveLength(2);
    for (const sql of sent) {
      expect(sql).toContain("dt BETWEEN '2026-03-01' AND '2026-03-31'");
      expect(sql).toContain('FROM cost_daily');
    }
    expect(run.results.map((r) => r.result.bytesScanned)).toEqual([1_234_567, 89_000]);
    expect(run.bytesScanned).toBe(1_323_567);
    expect(run.results[0]?.result.rows[0]?.allocated_cost).toBe('12345678901.23');
  });
});
