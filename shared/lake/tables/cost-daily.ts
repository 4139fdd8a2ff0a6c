import { col, type TableDef } from '../table-def';

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
