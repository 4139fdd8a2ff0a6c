import { fromUnscaled } from '../lake/decimal';
import type { LakeRow } from '../lake/parquet';
import { AMOUNT_SCALE } from './amount';
import type { CostRow } from './cost-row';

const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const decimal = (v: bigint | null): string | null => (v === null ? null : fromUnscaled(v, AMOUNT_SCALE));

/** A row as the lake stores it: dates as epoch ms, amounts as exact decimal text. */
export function toLakeRow(r: CostRow): LakeRow {
  return {
    usage_date: dayMs(r.usageDate),
    service: r.service,
    usage_type: r.usageType,
    region: r.region,
    linked_account: r.linkedAccount,
    team: r.team,
    feature: r.feature,
    environment: r.environment,
    unblended_cost: decimal(r.unblendedCost),
    amortized_cost: decimal(r.amortizedCost),
    usage_quantity: decimal(r.usageQuantity),
    usage_unit: r.usageUnit,
    currency: r.currency,
    estimated: r.estimated,
    period_start: dayMs(r.periodStart),
    period_end: dayMs(r.periodEnd),
    granularity: r.granularity,
  };
}

const SORT_COLUMNS = [
  'period_start',
  'granularity',
  'period_end',
  'service',
  'usage_type',
  'region',
  'linked_account',
  'team',
  'feature',
  'environment',
  'usage_unit',
] as const;

/** The order rows are written in: the same rows always give the same bytes. */
export function compareLakeRows(a: LakeRow, b: LakeRow): number {
  for (const c of SORT_COLUMNS) {
    const x = a[c] ?? '';
    const y = b[c] ?? '';
    if (x !== y) return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
