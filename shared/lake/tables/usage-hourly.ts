import { col, type TableDef } from '../table-def';

/**
 * The compact aggregate anomaly detection and dashboards read instead of raw invocations: per
 * quarter hour × account × Region × team × feature × environment × model, rebuilt with its day.
 */
export const usageHourly: TableDef = {
  name: 'usage_hourly',
  description:
    'Bedrock usage per quarter hour x account x Region x team x feature x environment x model, rebuilt from bedrock_invocations with each day; partitioned by the UTC day.',
  partitionKey: 'dt',
  columns: [
    col('hour', 'timestamp', false, 'Start of the UTC hour.'),
    col('minute', 'bigint', false, 'Start of the quarter hour within the hour: 0, 15, 30 or 45.'),
    col('account_id', 'string', false, 'AWS account that made the calls.'),
    col('region', 'string', false, 'Region where the API was called.'),
    col('team', 'string', false, 'As in bedrock_invocations.'),
    col('feature', 'string', false, 'As in bedrock_invocations.'),
    col('environment', 'string', false, 'As in bedrock_invocations.'),
    col('model', 'string', false, 'Normalized base model, as in bedrock_invocations.'),
    col('invocations', 'bigint', false, 'Invocations in the quarter hour.'),
    col('errors', 'bigint', false, 'Of those, failed invocations (error_code set).'),
    col('input_tokens', 'bigint', false, 'Sum of input_tokens.'),
    col('output_tokens', 'bigint', false, 'Sum of output_tokens.'),
    col('cache_read_tokens', 'bigint', false, 'Sum of cache_read_tokens.'),
    col('cache_write_tokens', 'bigint', false, 'Sum of cache_write_tokens.'),
  ],
};
