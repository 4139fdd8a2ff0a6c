/**
 * The curated-data contract: every table the pipeline writes, column by column, one file each
 * under `tables/`. One definition feeds the Parquet writer, the Glue tables, DuckDB's views and
 * the docs, so the four cannot drift apart. Names are public: analysts query them in Athena.
 */
import type { TableDef } from './table-def';
import { bedrockInvocations } from './tables/bedrock-invocations';
import { businessMetrics } from './tables/business-metrics';
import { COST_DECIMAL, costDaily, QUANTITY_DECIMAL } from './tables/cost-daily';
import { evaluations } from './tables/evaluations';
import { gpuHourly } from './tables/gpu-hourly';
import { identityDaily } from './tables/identity-daily';
import { PRICE_DECIMAL, prices } from './tables/prices';
import { releases } from './tables/releases';
import { usageHourly } from './tables/usage-hourly';

export type { ColumnDef, DecimalType, GlueType, TableDef } from './table-def';
export {
  bedrockInvocations,
  businessMetrics,
  COST_DECIMAL,
  costDaily,
  evaluations,
  gpuHourly,
  identityDaily,
  PRICE_DECIMAL,
  prices,
  QUANTITY_DECIMAL,
  releases,
  usageHourly,
};

/** Every curated table, by name. Later sources add theirs here. */
export const curatedTables: readonly TableDef[] = [
  bedrockInvocations,
  usageHourly,
  identityDaily,
  gpuHourly,
  costDaily,
  prices,
  businessMetrics,
  releases,
  evaluations,
];
