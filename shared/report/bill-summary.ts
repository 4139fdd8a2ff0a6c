import type { QueryResult } from '../ports/query-engine';
import { unitsToCents } from './money';
import { flag, num, text, units } from './rows';

/** One day of `estimate-vs-bill`, summed over models and token types. */
export interface BillDay {
  day: string;
  estimatedCents: bigint;
  /** Null until the day's bill has arrived. */
  billedCents: bigint | null;
  flagged: number;
}

/** A day × model × token type the query flagged. */
export interface BillGap {
  day: string;
  model: string;
  tokenType: string;
  estimatedCents: bigint | null;
  billedCents: bigint | null;
  gapPct: number | null;
}

export interface BillSummary {
  days: BillDay[];
  gaps: BillGap[];
  billArrivedDays: number;
}

const SCALE = 10;

/** Sums the shipped `estimate-vs-bill` rows per day and lists what it flagged. */
export function summarizeBill(result: QueryResult): BillSummary {
  const days = new Map<string, { day: string; estimated: bigint; billed: bigint | null; flagged: number }>();
  const gaps: BillGap[] = [];
  let billArrivedDays = 0;
  for (const row of result.rows) {
    const day = text(row, 'usage_date');
    let d = days.get(day);
    if (!d) {
      d = { day, estimated: 0n, billed: null, flagged: 0 };
      days.set(day, d);
      if (flag(row, 'bill_arrived')) billArrivedDays++;
    }
    const estimated = units(row, 'estimated_cost', SCALE);
    const billed = units(row, 'billed_cost', SCALE);
    d.estimated += estimated ?? 0n;
    if (billed !== null) d.billed = (d.billed ?? 0n) + billed;
    if (flag(row, 'flagged')) {
      d.flagged++;
      gaps.push({
        day,
        model: text(row, 'model'),
        tokenType: text(row, 'token_type'),
        estimatedCents: estimated === null ? null : unitsToCents(estimated, SCALE),
        billedCents: billed === null ? null : unitsToCents(billed, SCALE),
        gapPct: num(row, 'gap_pct'),
      });
    }
  }
  return {
    days: [...days.values()].map((d) => ({
      day: d.day,
      estimatedCents: unitsToCents(d.estimated, SCALE),
      billedCents: d.billed === null ? null : unitsToCents(d.billed, SCALE),
      flagged: d.flagged,
    })),
    gaps,
    billArrivedDays,
  };
}
