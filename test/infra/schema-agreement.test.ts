import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as glue from 'aws-cdk-lib/aws-glue';
import { describe, expect, it } from 'vitest';
import { CuratedGlueTables } from '../../infra/lib/glue-tables';
import { encodeParquet, type LakeRow, parquetSchemaOf } from '../../shared/lake/parquet';
import { curatedTables, type TableDef } from '../../shared/lake/tables';
import { onlyResource, synthStack } from './synth';

/** One realistic row per curated table (a new table must add one here). */
const realisticRows: Record<string, LakeRow> = {
  bedrock_invocations: {
    event_time: Date.parse('2026-03-02T14:07:31Z'),
    request_id: '6f1c2d9e-7a41-4d0b-9a55-2c1e8b0f4a10',
    account_id: '011122223333',
    region: 'us-east-1',
    operation: 'Converse',
    model_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    identity_arn: 'arn:aws:sts::011122223333:assumed-role/support-bot-prod/i-0abc12',
    team: 'support',
    feature: 'ticket-summary',
    environment: 'prod',
    input_tokens: 212,
    output_tokens: 96,
    cache_read_tokens: 1830,
    cache_write_tokens: 0,
    error_code: null,
  },
  usage_hourly: {
    hour: Date.parse('2026-03-02T14:00:00Z'),
    minute: 45,
    account_id: '012345678901',
    region: 'us-east-1',
    team: 'support',
    feature: 'chat',
    environment: 'prod',
    model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    invocations: 1204,
    errors: 3,
    input_tokens: 2_410_000,
    output_tokens: 301_200,
    cache_read_tokens: 9_200_000,
    cache_write_tokens: 120_000,
  },
  identity_daily: {
    identity_arn: 'arn:aws:sts::011122223333:assumed-role/support-bot-prod/i-0abc12',
    account_id: '011122223333',
    region: 'us-east-1',
    model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    scope: 'geo',
    team: 'support',
    feature: 'ticket-summary',
    environment: 'prod',
    invocations: 18_204,
    errors: 12,
    input_tokens: 3_860_000,
    output_tokens: 1_747_000,
    cache_read_tokens: 33_300_000,
    cache_write_tokens: 0,
  },
  gpu_hourly: {
    hour: Date.parse('2026-03-02T14:00:00Z'),
    source: 'sagemaker',
    resource_id: 'llm-chat-prod/AllTraffic',
    instance_type: 'ml.g5.12xlarge',
    gpu_count: 4,
    gpu_util_avg: 80,
    gpu_util_max: 100,
    gpu_mem_util_avg: 70,
    team: 'support',
    environment: 'prod',
    priority: 'critical',
    cluster: null,
  },
  cost_daily: {
    usage_date: Date.parse('2026-03-02'),
    service: 'Claude Sonnet 4.6 (Amazon Bedrock Edition)',
    usage_type: 'USE1-MP:USE1_InputTokenCount-Units',
    region: 'us-east-1',
    linked_account: '011122223333',
    team: 'support',
    feature: 'ticket-summary',
    environment: 'prod',
    unblended_cost: '12.450000000100',
    amortized_cost: '12.450000000100',
    usage_quantity: '4150000.000000000000',
    usage_unit: 'Units',
    currency: 'USD',
    estimated: true,
    period_start: Date.parse('2026-03-02'),
    period_end: Date.parse('2026-03-03'),
    granularity: 'DAILY',
  },
  prices: {
    effective_date: Date.parse('2025-09-29'),
    item: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    item_kind: 'model',
    region: 'us-east-1',
    scope: 'geo',
    tier: 'standard',
    charge: 'input',
    unit: '1M tokens',
    price: '3.300000000000',
    currency: 'USD',
    billing_names: '|claudesonnet45|claude45sonnet|',
    source: 'Amazon Bedrock pricing page, retrieved 2026-09-06',
    source_date: Date.parse('2026-09-06'),
  },
  business_metrics: {
    metric_date: Date.parse('2026-03-02'),
    team: 'support',
    feature: 'ticket-summary',
    metric_name: 'tickets_resolved',
    value: '412.000000000000',
  },
  releases: {
    release_time: Date.parse('2026-03-02T09:30:00Z'),
    team: 'support',
    feature: 'ticket-summary',
    version: 'v2.4.0',
    note: 'longer system prompt',
  },
  evaluations: {
    eval_date: Date.parse('2026-03-02'),
    feature: 'ticket-summary',
    model: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    metric: 'accuracy',
    score: 0.91,
  },
};

/** The Athena type a Parquet leaf column reads as. */
function athenaTypeOf(column: {
  type: string;
  convertedType?: string;
  precision?: number;
  scale?: number;
}): string {
  if (
    column.convertedType === 'DECIMAL' &&
    ['FIXED_LEN_BYTE_ARRAY', 'INT32', 'INT64'].includes(column.type)
  ) {
    return `decimal(${column.precision},${column.scale})`;
  }
  const key = `${column.type}${column.convertedType ? `+${column.convertedType}` : ''}`;
  const types: Record<string, string> = {
    INT64: 'bigint',
    'INT64+TIMESTAMP_MILLIS': 'timestamp',
    'BYTE_ARRAY+UTF8': 'string',
    DOUBLE: 'double',
    BOOLEAN: 'boolean',
    'INT32+DATE': 'date',
    INT32: 'int',
  };
  return types[key] ?? `unmapped Parquet type ${key}`;
}

/** Checks that `table`'s Parquet file (one `row`) and its Glue table in `template` agree. */
function describeAgreement(template: Template, table: TableDef, row: LakeRow | undefined): void {
  describe(table.name, () => {
    const glueTable = onlyResource(template, 'AWS::Glue::Table', {
      Properties: { TableInput: Match.objectLike({ Name: table.name }) },
    });
    const input = glueTable.Properties.TableInput as {
      StorageDescriptor: { Columns: { Name: string; Type: string }[] };
      PartitionKeys: { Name: string; Type: string }[];
    };
    const parquet = row ? parquetSchemaOf(encodeParquet(table, [row])) : [];

    it('has the same column names in the Parquet file and in Glue', () => {
      const fileNames = parquet.map((c) => c.name).sort();
      const glueNames = input.StorageDescriptor.Columns.map((c) => c.Name).sort();
      expect(fileNames).toEqual(glueNames);
      expect(fileNames.length).toBeGreaterThan(0);
    });

    it('reads every Parquet column as the Glue column type', () => {
      const glueTypes = new Map(input.StorageDescriptor.Columns.map((c) => [c.Name, c.Type]));
      for (const column of parquet) {
        expect({ column: column.name, type: athenaTypeOf(column) }).toEqual({
          column: column.name,
          type: glueTypes.get(column.name),
        });
      }
    });

    it(`keeps ${table.partitionKey} as a string partition key, not a column of the file`, () => {
      expect(input.PartitionKeys).toEqual([
        expect.objectContaining({ Name: table.partitionKey, Type: 'string' }),
      ]);
      expect(parquet.map((c) => c.name)).not.toContain(table.partitionKey);
      expect(input.StorageDescriptor.Columns.map((c) => c.Name)).not.toContain(table.partitionKey);
    });
  });
}

describe('curated Parquet files and Glue tables', () => {
  const { template } = synthStack({ config: {} });

  it('defines a realistic row for every curated table', () => {
    expect(Object.keys(realisticRows).sort()).toEqual(curatedTables.map((t) => t.name).sort());
  });

  for (const table of curatedTables) describeAgreement(template, table, realisticRows[table.name]);
});

describe('a table with decimal columns and another partition key', () => {
  const charges: TableDef = {
    name: 'test_charges',
    description: 'Test table: money as exact decimals.',
    partitionKey: 'day',
    columns: [
      { name: 'charge_id', type: 'string', nullable: false, description: 'Charge.' },
      { name: 'billed_cost', type: 'decimal(18,6)', nullable: false, description: 'Billed cost, USD.' },
      { name: 'list_cost', type: 'decimal(38,10)', nullable: true, description: 'List cost, USD.' },
      { name: 'units', type: 'bigint', nullable: false, description: 'Units.' },
    ],
  };
  const stack = new Stack(new App(), 'DecimalTables');
  const database = new glue.CfnDatabase(stack, 'Database', {
    catalogId: stack.account,
    databaseInput: { name: 'test_db' },
  });
  new CuratedGlueTables(stack, 'Tables', {
    database,
    databaseName: 'test_db',
    bucketName: 'bucket',
    tables: [charges],
  });
  const template = Template.fromStack(stack);

  describeAgreement(template, charges, {
    charge_id: 'c-1',
    billed_cost: '12.345678',
    list_cost: '15.0000000001',
    units: 3,
  });

  it('declares the decimal columns as decimal(p,s) in Glue', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        StorageDescriptor: Match.objectLike({
          Columns: Match.arrayWith([
            Match.objectLike({ Name: 'billed_cost', Type: 'decimal(18,6)' }),
            Match.objectLike({ Name: 'list_cost', Type: 'decimal(38,10)' }),
          ]),
        }),
      }),
    });
  });
});
