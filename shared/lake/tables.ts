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

/** One row per GPU resource (EC2 instance, SageMaker endpoint variant, EKS node) per UTC hour. */
export const gpuHourly: TableDef = {
  name: 'gpu_hourly',
  description:
    'GPU utilization per resource per UTC hour from CloudWatch (CWAgent NVIDIA metrics on EC2, SageMaker endpoint instance metrics, EKS Container Insights), partitioned by the UTC day of hour. An hour without data points has no row.',
  partitionKey: 'dt',
  columns: [
    col('hour', 'timestamp', false, 'Start of the UTC hour the row covers.'),
    col('source', 'string', false, "Where the metrics come from: 'ec2', 'sagemaker' or 'eks'."),
    col(
      'resource_id',
      'string',
      false,
      'EC2 instance id (ec2, eks) or <EndpointName>/<VariantName> (sagemaker).',
    ),
    col('instance_type', 'string', true, 'Instance type (ml.* for SageMaker), null when unknown.'),
    col(
      'gpu_count',
      'bigint',
      false,
      'GPUs that reported in the hour (SageMaker: GPUs of one instance of the type, from the shipped table).',
    ),
    col(
      'gpu_util_avg',
      'double',
      false,
      "Mean over the resource's GPUs of each GPU's hourly average utilization, 0-100.",
    ),
    col(
      'gpu_util_max',
      'double',
      false,
      'Highest utilization of any GPU in the hour (Maximum statistic; SageMaker: the per-instance maximum divided by its GPUs), 0-100.',
    ),
    col(
      'gpu_mem_util_avg',
      'double',
      true,
      'Mean GPU memory in use, % of GPU memory, 0-100 (EC2: memory_used / memory_total); null when not reported.',
    ),
    col('team', 'string', false, "Team from the resource's tags, else the configured unattributed value."),
    col(
      'environment',
      'string',
      false,
      "Environment from the resource's tags, else the configured unattributed value.",
    ),
    col(
      'priority',
      'string',
      false,
      "Priority from the resource's tags, else the configured unattributed value.",
    ),
    col('cluster', 'string', true, 'EKS cluster name (eks rows only).'),
  ],
};

/**
 * Money columns of cost tables: Cost Explorer gives amounts as decimal text with up to 10 digits
 * after the point; 12 leave room without rounding, and 12 digits before it hold any bill. Kept at
 * 24 digits (not 38) so Athena can still multiply a cost by a share without overflowing.
 */
export const COST_DECIMAL = 'decimal(24,12)' as const;
/** Usage quantities (tokens, hours, GB): same scale as money, more integer digits (token counts). */
export const QUANTITY_DECIMAL = 'decimal(28,12)' as const;

/** Billed cost from Cost Explorer, per day (or per month, see `granularity`) x service x usage type x tags. */
export const costDaily: TableDef = {
  name: 'cost_daily',
  description:
    "AWS Cost Explorer cost per period x service x usage type x linked account x team/feature/environment tags. Record types: every RECORD_TYPE except those in costExplorer.excludeRecordTypes (default Credit and Refund; usage, tax, fees, support, Savings Plan and RI charges are included). Rows with granularity MONTHLY cover period_start to period_end: filter granularity = 'DAILY' before summing days. Partitioned by usage_date.",
  partitionKey: 'dt',
  columns: [
    col('usage_date', 'date', false, 'First day of the charge period (UTC); the partition day.'),
    col(
      'service',
      'string',
      true,
      "Cost Explorer SERVICE, e.g. 'Amazon Bedrock'; null when not grouped by it.",
    ),
    col(
      'usage_type',
      'string',
      true,
      "Cost Explorer USAGE_TYPE, e.g. 'USE1-NovaLite-input-tokens'; null when not grouped by it.",
    ),
    col(
      'region',
      'string',
      true,
      'Region from the REGION group or the usage-type prefix (USE1 = us-east-1); null when unknown.',
    ),
    col('linked_account', 'string', true, 'Linked (member) account id; null when not grouped by it.'),
    col('team', 'string', false, 'Team from the cost allocation tags; the unattributed label when untagged.'),
    col(
      'feature',
      'string',
      false,
      'Feature from the cost allocation tags; the unattributed label when untagged.',
    ),
    col(
      'environment',
      'string',
      false,
      'Environment from the cost allocation tags; the unattributed label when untagged.',
    ),
    col(
      'unblended_cost',
      COST_DECIMAL,
      true,
      'UnblendedCost, exact; null when the response did not carry it.',
    ),
    col(
      'amortized_cost',
      COST_DECIMAL,
      true,
      'AmortizedCost (RI and Savings Plan fees spread), exact; null when not carried.',
    ),
    col(
      'usage_quantity',
      QUANTITY_DECIMAL,
      true,
      'UsageQuantity in usage_unit; null when not carried or when units were mixed (NA).',
    ),
    col('usage_unit', 'string', true, "Unit of usage_quantity, e.g. 'Hrs'."),
    col('currency', 'string', false, "Currency of the cost columns (ISO code, e.g. 'USD')."),
    col(
      'estimated',
      'boolean',
      false,
      'True while AWS may still restate the period (recent days, open month).',
    ),
    col('period_start', 'date', false, 'Start of the charge period, inclusive.'),
    col('period_end', 'date', false, 'End of the charge period, exclusive (usage_date + 1 day for DAILY).'),
    col(
      'granularity',
      'string',
      false,
      "'DAILY' or 'MONTHLY' (a whole or partial month, never one day's cost).",
    ),
  ],
};

/** Every curated table, by name. Later sources add theirs here. */
/** Prices: per 1M tokens or per instance hour, exact; scale 12 holds Price List rates per token too. */
export const PRICE_DECIMAL = 'decimal(24,12)' as const;

/**
 * The dated price book: list prices per model (or GPU instance type), Region, Region scope, tier and
 * charge, each row with its source. A price applies from `effective_date` until a later row for the
 * same key; partitioned by that date. Written from the shipped book or the Price List API.
 */
export const prices: TableDef = {
  name: 'prices',
  description:
    'List prices per model or instance type x Region x scope x tier x charge, dated (a row applies from effective_date until a later row of the same key), each with its source; partitioned by effective_date.',
  partitionKey: 'dt',
  columns: [
    col('effective_date', 'date', false, 'First UTC day the price applies to.'),
    col(
      'item',
      'string',
      false,
      "Normalized model id (as bedrock_invocations.model) or instance type ('p4d.24xlarge').",
    ),
    col('item_kind', 'string', false, "'model' (tokens) or 'instance' (GPU instance hours)."),
    col('region', 'string', false, "Region code the price is for, or '*' for any Region."),
    col(
      'scope',
      'string',
      false,
      "Routing the price is for: 'in-region', 'geo' (us./eu./… profiles), 'global' (global. profiles) or 'any'.",
    ),
    col('tier', 'string', false, "'standard', 'batch', 'flex', 'priority' or 'latency-optimized'."),
    col(
      'charge',
      'string',
      false,
      "'input', 'output', 'cache_read', 'cache_write_5m', 'cache_write_1h' or 'instance_hour'.",
    ),
    col('unit', 'string', false, "'1M tokens' or 'hour'."),
    col('price', PRICE_DECIMAL, false, 'Price per unit, exact.'),
    col('currency', 'string', false, "ISO currency code, e.g. 'USD'."),
    col(
      'billing_names',
      'string',
      true,
      "How bills name the model: '|'-separated lower-case letters and digits found in usage types and Marketplace service names ('|claude46sonnet|claudesonnet46|').",
    ),
    col('source', 'string', false, 'Where the price comes from (document, API, date).'),
    col('source_date', 'date', false, 'The date the source states for the figure.'),
  ],
};

/** Business outcomes (tickets resolved, summaries delivered …) per day x team x feature. */
export const businessMetrics: TableDef = {
  name: 'business_metrics',
  description:
    'Business outcomes per day x team x feature x metric (tickets resolved, documents summarized …), loaded from CSV; partitioned by metric_date.',
  partitionKey: 'dt',
  columns: [
    col('metric_date', 'date', false, 'UTC day of the outcomes.'),
    col('team', 'string', false, 'Team, as in bedrock_invocations.team.'),
    col('feature', 'string', false, 'Feature, as in bedrock_invocations.feature.'),
    col('metric_name', 'string', false, "What is counted, e.g. 'tickets_resolved'."),
    col('value', QUANTITY_DECIMAL, false, 'How many (exact decimal).'),
  ],
};

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

/** Release markers (deploys, prompt or model changes): alerts name the one shortly before a change. */
export const releases: TableDef = {
  name: 'releases',
  description:
    'Release markers per team (and feature): from `genai-finops release add` or the EventBridge event source genai-finops, detail-type Release; partitioned by the UTC day of release_time.',
  partitionKey: 'dt',
  columns: [
    col('release_time', 'timestamp', false, 'When the release went out (UTC).'),
    col('team', 'string', false, 'Team, as in bedrock_invocations.team.'),
    col(
      'feature',
      'string',
      true,
      'Feature, as in bedrock_invocations.feature; null for a whole-team release.',
    ),
    col('version', 'string', false, 'Version, tag or commit that was released.'),
    col('note', 'string', true, 'Free text (what changed).'),
  ],
};

/** Model evaluation scores per feature x model x metric, from `genai-finops ingest evaluations`. */
export const evaluations: TableDef = {
  name: 'evaluations',
  description:
    'Evaluation scores of a model on a feature (e.g. accuracy on a labelled set), loaded from CSV or JSON; recommend reads the latest per feature x model x metric; partitioned by eval_date.',
  partitionKey: 'dt',
  columns: [
    col('eval_date', 'date', false, 'UTC day of the evaluation.'),
    col('feature', 'string', false, 'Feature, as in bedrock_invocations.feature.'),
    col('model', 'string', false, 'Normalized model id, as in bedrock_invocations.model.'),
    col('metric', 'string', false, "What was measured, e.g. 'accuracy'."),
    col('score', 'double', false, 'The score (higher is better).'),
  ],
};

export const curatedTables: readonly TableDef[] = [
  bedrockInvocations,
  usageHourly,
  gpuHourly,
  costDaily,
  prices,
  businessMetrics,
  releases,
  evaluations,
];
