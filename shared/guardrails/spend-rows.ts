import { num, str } from '../anomaly/sql';
import type { SqlValue } from '../ports/query-engine';
import { decimalMicros } from './budget-money';

/** Spend on one UTC day by one cell: billed where the bill has arrived, else an estimate. */
export interface SpendRow {
  day: string;
  team: string;
  feature: string;
  environment: string;
  model: string;
  /** The calling identity, on rows read per identity (estimates only); undefined on allocation rows. */
  identity?: string;
  /** Billed or estimated micro-dollars, exact; null when unpriced (never $0). */
  cost: bigint | null;
  estimated: boolean;
  invocations: number;
}

/** Rows of the shipped `allocation` query as spend rows. */
export function spendFromAllocation(rows: readonly Record<string, SqlValue>[]): SpendRow[] {
  return rows.map((r) => ({
    day: str(r.usage_date).slice(0, 10),
    team: str(r.team),
    feature: str(r.feature),
    environment: str(r.environment),
    model: str(r.model),
    cost: r.allocated_cost === null ? null : decimalMicros(r.allocated_cost, 'allocated_cost'),
    estimated: r.estimated === true || r.unpriced === true,
    invocations: num(r.invocations),
  }));
}
