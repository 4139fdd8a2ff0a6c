import { num, str } from '../anomaly/sql';
import type { SqlValue } from '../ports/query-engine';

/** Dollars spent on one UTC day by one cell: billed where the bill has arrived, else an estimate. */
export interface SpendRow {
  day: string;
  team: string;
  feature: string;
  environment: string;
  model: string;
  /** The calling identity, on rows read per identity (estimates only); undefined on allocation rows. */
  identity?: string;
  /** Billed or estimated dollars; NaN when unpriced. */
  cost: number;
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
    cost: r.allocated_cost === null ? Number.NaN : num(r.allocated_cost),
    estimated: r.estimated === true || r.unpriced === true,
    invocations: num(r.invocations),
  }));
}
