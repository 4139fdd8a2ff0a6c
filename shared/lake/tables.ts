/**
 * The curated-data contract: every table the pipeline writes, column by column.
 * One definition feeds the Parquet writer, the Glue tables, DuckDB's views and the docs,
 * so the four cannot drift apart. Names are public: analysts query them in Athena.
 */

/**
 * An exact decimal: `decimal(precision,scale)` as Glue spells it, e.g. `'decimal(18,6)'` for
 * money (1 ≤ precision ≤ 38, 0 ≤ scale ≤ precision; checked by `decimalSpec`). Values are
 * decimal text (`'12.345678'`), never floats.
 */
export type DecimalType = `decimal(${number},${number})`;

/** Glue/Athena column types the lake uses (Hive DDL spelling). */
export type GlueType = 'string' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'date' | DecimalType;

export interface ColumnDef {
  name: string;
  type: GlueType;
  /** False when every row has a value. */
  nullable: boolean;
  description: string;
}

export interface TableDef {
  name: string;
  description: string;
  /**
   * Hive partition column holding the UTC day (`<key>=YYYY-MM-DD` folders), a string in Glue and
   * Athena: `dt` for every table unless one needs another name (say, a column called `dt` already).
   */
  partitionKey: string;
  columns: readonly ColumnDef[];
}

const col = (name: string, type: GlueType, nullable: boolean, description: string): ColumnDef => ({
  name,
  type,
  nullable,
  description,
});

/** One row per Bedrock model invocation, metadata only: never prompt or completion text. */
export const bedrockInvocations: TableDef = {
  name: 'bedrock_invocations',
  description:
    'One row per Amazon Bedrock model invocation (metadata only), deduplicated by request_id, partitioned by the UTC day of event_time.',
  partitionKey: 'dt',
  columns: [
    col('event_time', 'timestamp', false, 'When the invocation happened (UTC), from the record timestamp.'),
    col('request_id', 'string', false, 'Bedrock request id; unique in the table.'),
    col('account_id', 'string', false, 'AWS account that made the call (12 digits, leading zeros kept).'),
    col('region', 'string', false, 'Region where the API was called.'),
    col(
      'operation',
      'string',
      false,
      'Converse, ConverseStream, InvokeModel or InvokeModelWithResponseStream.',
    ),
    col('model_id', 'string', false, 'The model id exactly as the caller passed it (id, profile id or ARN).'),
    col(
      'model',
      'string',
      false,
      'Normalized base model id: cross-Region prefix stripped, ARNs resolved where possible.',
    ),
    col('identity_arn', 'string', true, 'The calling IAM principal, when logged.'),
    col('team', 'string', false, "Team from request metadata or the identity mapping, else 'unattributed'."),
    col(
      'feature',
      'string',
      false,
      "Feature from request metadata or the identity mapping, else 'unattributed'.",
    ),
    col(
      'environment',
      'string',
      false,
      "Environment from request metadata or the identity mapping, else 'unattributed'.",
    ),
    col(
      'input_tokens',
      'bigint',
      false,
      'Billable input tokens, excluding cache reads and writes (0 when absent).',
    ),
    col('output_tokens', 'bigint', false, 'Billable output tokens (0 when absent).'),
    col('cache_read_tokens', 'bigint', false, 'Input tokens read from the prompt cache (0 when absent).'),
    col('cache_write_tokens', 'bigint', false, 'Input tokens written to the prompt cache (0 when absent).'),
    col('error_code', 'string', true, 'Error code of a failed invocation; null on success.'),
  ],
};

/** Every curated table, by name. Later sources add theirs here. */
export const curatedTables: readonly TableDef[] = [bedrockInvocations];
