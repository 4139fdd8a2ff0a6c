import { toCsv } from '../../src/cli/format';
import type { QueryColumn, QueryResult, SqlValue } from '../ports/query-engine';
import { FOCUS_VERSION } from './focus-columns';
import { flag, type Row, text } from './rows';

/** What the allocation rows do not carry and FOCUS requires: the payer account and names. */
export interface FocusSettings {
  billingAccountId: string;
  billingAccountName?: string | null;
  currency: string;
  unattributed: string;
}

/** The documented split method (FOCUS 1.3 `AllocatedMethodId`). */
export const ALLOCATION_METHOD_ID = 'genai-finops/price-weighted-tokens';

const PROVIDER = 'Amazon Web Services';

/** Columns of `focus.csv`, in order, with their types (FOCUS columns first, then `x_` columns). */
export const FOCUS_CSV_COLUMNS: readonly QueryColumn[] = [
  ['BilledCost', 'decimal(20,2)'],
  ['EffectiveCost', 'decimal(20,2)'],
  ['ListCost', 'decimal(24,6)'],
  ['ContractedCost', 'decimal(20,2)'],
  ['BillingAccountId', 'varchar'],
  ['BillingAccountName', 'varchar'],
  ['BillingCurrency', 'varchar'],
  ['BillingPeriodStart', 'varchar'],
  ['BillingPeriodEnd', 'varchar'],
  ['ChargeCategory', 'varchar'],
  ['ChargeClass', 'varchar'],
  ['ChargeDescription', 'varchar'],
  ['ChargeFrequency', 'varchar'],
  ['ChargePeriodStart', 'varchar'],
  ['ChargePeriodEnd', 'varchar'],
  ['ConsumedQuantity', 'bigint'],
  ['ConsumedUnit', 'varchar'],
  ['PricingQuantity', 'bigint'],
  ['PricingUnit', 'varchar'],
  ['InvoiceIssuerName', 'varchar'],
  ['ProviderName', 'varchar'],
  ['PublisherName', 'varchar'],
  ['ServiceProviderName', 'varchar'],
  ['HostProviderName', 'varchar'],
  ['ServiceName', 'varchar'],
  ['ServiceCategory', 'varchar'],
  ['ServiceSubcategory', 'varchar'],
  ['Tags', 'varchar'],
  ['AllocatedMethodId', 'varchar'],
  ['AllocatedResourceId', 'varchar'],
  ['AllocatedResourceName', 'varchar'],
  ['AllocatedTags', 'varchar'],
  ['x_FocusVersion', 'varchar'],
  ['x_Model', 'varchar'],
  ['x_Estimated', 'boolean'],
  ['x_InputTokens', 'bigint'],
  ['x_OutputTokens', 'bigint'],
  ['x_CacheReadTokens', 'bigint'],
  ['x_CacheWriteTokens', 'bigint'],
  ['x_Invocations', 'bigint'],
].map(([name, type]) => ({ name: name as string, type: type as string }));

const key = (row: Row): string =>
  ['usage_date', 'model', 'team', 'feature', 'environment'].map((c) => text(row, c)).join('\u0000');

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
const nextMonthStart = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};
/** FOCUS date/time: UTC, seconds, `Z`, no milliseconds (the validator rejects `.000Z`). */
const at = (day: string): string => `${day}T00:00:00Z`;

/** Sum of token columns as one integer (exact: they are integers from the query). */
function tokens(row: Row): SqlValue {
  let sum = 0n;
  for (const c of ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens']) {
    const v = row[c];
    if (v !== null && v !== undefined) sum += BigInt(v as number | bigint | string);
  }
  return Number.isSafeInteger(Number(sum)) ? Number(sum) : sum;
}

/**
 * `focus.csv`: the allocated Bedrock cost as FOCUS 1.3 rows, one per chargeback row, the split
 * carried in the 1.3 allocation columns (`AllocatedMethodId`, `AllocatedResourceId` =
 * `team/feature/environment`, `AllocatedTags`). `BilledCost` is the `unit-costs` query's
 * `allocated_cost` (the allocation's), so it adds up to `chargeback.csv`'s cost to the cent;
 * `ListCost` is the `allocation` query's `list_cost` for the same cell. Rows with no price
 * (cost unknown) are left out: FOCUS allows no NULL `BilledCost` and a placeholder 0 would lie.
 * Untagged spend is the unallocated remainder (`AllocatedResourceId` null).
 */
export function focusCsv(unitCosts: QueryResult, allocation: QueryResult, settings: FocusSettings): string {
  const listCost = new Map(allocation.rows.map((r) => [key(r), r.list_cost ?? null]));
  const rows: Record<string, SqlValue>[] = [];
  for (const row of unitCosts.rows) {
    const billed = row.allocated_cost;
    if (billed === null || billed === undefined) continue;
    const day = text(row, 'usage_date');
    const team = text(row, 'team');
    const feature = text(row, 'feature');
    const environment = text(row, 'environment');
    const model = text(row, 'model');
    const allocated = team !== settings.unattributed;
    const consumed = tokens(row);
    rows.push({
      BilledCost: billed,
      EffectiveCost: billed,
      ListCost: listCost.get(key(row)) ?? billed,
      ContractedCost: billed,
      BillingAccountId: settings.billingAccountId,
      BillingAccountName: settings.billingAccountName ?? null,
      BillingCurrency: settings.currency,
      BillingPeriodStart: at(monthStart(day)),
      BillingPeriodEnd: at(nextMonthStart(day)),
      ChargeCategory: 'Usage',
      ChargeClass: null,
      ChargeDescription: `Amazon Bedrock ${model} usage`,
      ChargeFrequency: 'Usage-Based',
      ChargePeriodStart: at(day),
      ChargePeriodEnd: at(nextDay(day)),
      ConsumedQuantity: consumed,
      ConsumedUnit: 'Tokens',
      PricingQuantity: null,
      PricingUnit: null,
      InvoiceIssuerName: PROVIDER,
      ProviderName: PROVIDER,
      PublisherName: PROVIDER,
      ServiceProviderName: PROVIDER,
      HostProviderName: PROVIDER,
      ServiceName: 'Amazon Bedrock',
      ServiceCategory: 'AI and Machine Learning',
      ServiceSubcategory: 'Generative AI',
      Tags: null,
      AllocatedMethodId: ALLOCATION_METHOD_ID,
      AllocatedResourceId: allocated ? `${team}/${feature}/${environment}` : null,
      AllocatedResourceName: allocated ? `${team} / ${feature} / ${environment}` : null,
      AllocatedTags: allocated ? JSON.stringify({ team, feature, environment }) : null,
      x_FocusVersion: FOCUS_VERSION,
      x_Model: model,
      x_Estimated: flag(row, 'estimated'),
      x_InputTokens: row.input_tokens ?? null,
      x_OutputTokens: row.output_tokens ?? null,
      x_CacheReadTokens: row.cache_read_tokens ?? null,
      x_CacheWriteTokens: row.cache_write_tokens ?? null,
      x_Invocations: row.invocations ?? null,
    });
  }
  return toCsv({ columns: [...FOCUS_CSV_COLUMNS], rows, bytesScanned: 0, engine: unitCosts.engine });
}
