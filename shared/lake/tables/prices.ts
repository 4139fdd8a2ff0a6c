import { col, type TableDef } from '../table-def';

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
