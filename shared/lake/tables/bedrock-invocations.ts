import { col, type TableDef } from '../table-def';

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
