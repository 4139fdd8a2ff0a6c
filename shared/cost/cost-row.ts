import type { Granularity } from './cell';

/** One row of `cost_daily` before encoding: amounts as unscaled integers at `AMOUNT_SCALE`. */
export interface CostRow {
  usageDate: string;
  service: string | null;
  usageType: string | null;
  region: string | null;
  linkedAccount: string | null;
  team: string;
  feature: string;
  environment: string;
  unblendedCost: bigint | null;
  amortizedCost: bigint | null;
  usageQuantity: bigint | null;
  usageUnit: string | null;
  currency: string;
  estimated: boolean;
  periodStart: string;
  periodEnd: string;
  granularity: Granularity;
}

/** The columns that identify a row (everything but the amounts and `estimated`). */
export function rowIdentity(r: CostRow): string {
  return JSON.stringify([
    r.periodStart,
    r.granularity,
    r.periodEnd,
    r.service,
    r.usageType,
    r.region,
    r.linkedAccount,
    r.team,
    r.feature,
    r.environment,
    r.usageUnit,
    r.currency,
  ]);
}
