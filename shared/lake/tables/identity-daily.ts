import { col, type TableDef } from '../table-def';

/**
 * The compact daily aggregate guardrails read instead of raw invocations: per UTC day × caller ×
 * account × Region × model × pricing scope × team × feature × environment, rebuilt with its day
 * (beside `usage_hourly`). Identity budgets and model-policy violations name the caller; the
 * allocation prices each cell by its scope, so both read this table: kilobytes, not weeks of rows.
 */
export const identityDaily: TableDef = {
  name: 'identity_daily',
  description:
    'Bedrock usage per UTC day x calling identity x account x Region x model x pricing scope x team x feature x environment, rebuilt from bedrock_invocations with each day; partitioned by the UTC day.',
  partitionKey: 'dt',
  columns: [
    col(
      'identity_arn',
      'string',
      true,
      'The calling IAM principal, when logged (as in bedrock_invocations).',
    ),
    col('account_id', 'string', false, 'AWS account that made the calls.'),
    col('region', 'string', false, 'Region where the API was called.'),
    col('model', 'string', false, 'Normalized base model, as in bedrock_invocations.'),
    col(
      'scope',
      'string',
      false,
      "Pricing scope of the model id called: 'global', 'geo' (a cross-Region profile) or 'in-region'.",
    ),
    col('team', 'string', false, 'As in bedrock_invocations.'),
    col('feature', 'string', false, 'As in bedrock_invocations.'),
    col('environment', 'string', false, 'As in bedrock_invocations.'),
    col('invocations', 'bigint', false, 'Invocations on the day.'),
    col('errors', 'bigint', false, 'Of those, failed invocations (error_code set).'),
    col('input_tokens', 'bigint', false, 'Sum of input_tokens.'),
    col('output_tokens', 'bigint', false, 'Sum of output_tokens.'),
    col('cache_read_tokens', 'bigint', false, 'Sum of cache_read_tokens.'),
    col('cache_write_tokens', 'bigint', false, 'Sum of cache_write_tokens.'),
  ],
};
