import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { encodeParquet, type LakeRow, parquetSchemaOf } from '../../shared/lake/parquet';
import { curatedTables } from '../../shared/lake/tables';
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
};

/** The Athena type a Parquet leaf column reads as. */
function athenaTypeOf(column: { type: string; convertedType?: string }): string {
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

describe('curated Parquet files and Glue tables', () => {
  const { template } = synthStack({ config: {} });

  it('defines a realistic row for every curated table', () => {
    expect(Object.keys(realisticRows).sort()).toEqual(curatedTables.map((t) => t.name).sort());
  });

  for (const table of curatedTables) {
    describe(table.name, () => {
      const glue = onlyResource(template, 'AWS::Glue::Table', {
        Properties: { TableInput: Match.objectLike({ Name: table.name }) },
      });
      const input = glue.Properties.TableInput as {
        StorageDescriptor: { Columns: { Name: string; Type: string }[] };
        PartitionKeys: { Name: string; Type: string }[];
      };
      const row = realisticRows[table.name];
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

      it('keeps dt as a string partition key, not a column of the file', () => {
        expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'string' })]);
        expect(parquet.map((c) => c.name)).not.toContain('dt');
        expect(input.StorageDescriptor.Columns.map((c) => c.Name)).not.toContain('dt');
      });
    });
  }
});
