import type { QueryResult } from '../ports/query-engine';
import { num, text, units } from './rows';
import { sharePct } from './spend-summary';

/** An untagged caller and what the `tag-coverage` query apportions to it over the window. */
export interface UntaggedCaller {
  caller: string;
  invocations: number;
  cents: bigint;
}

/** Tag coverage of the window, from the shipped `tag-coverage` query. */
export interface TagSummary {
  totalCents: bigint;
  unattributedCents: bigint;
  /** Share of the window's spend that is unattributed, percent (2 decimals); null without spend. */
  unattributedPct: number | null;
  /** The query's per-day share. */
  daily: { day: string; unattributedPct: number | null; unattributedCents: bigint }[];
  callers: UntaggedCaller[];
}

/**
 * Sums `tag-coverage`: its day columns repeat on every caller row, so each day is counted once;
 * callers are summed over days (their amounts are the query's apportionment, not the bill's).
 */
export function summarizeTags(result: QueryResult): TagSummary {
  const days = new Map<
    string,
    { day: string; unattributedPct: number | null; unattributedCents: bigint; totalCents: bigint }
  >();
  const callers = new Map<string, UntaggedCaller>();
  for (const row of result.rows) {
    const day = text(row, 'usage_date');
    if (!days.has(day)) {
      days.set(day, {
        day,
        unattributedPct: num(row, 'unattributed_pct'),
        unattributedCents: units(row, 'unattributed_cost', 2) ?? 0n,
        totalCents: units(row, 'total_cost', 2) ?? 0n,
      });
    }
    if (row.caller === null || row.caller === undefined) continue;
    const name = text(row, 'caller');
    const c = callers.get(name) ?? { caller: name, invocations: 0, cents: 0n };
    c.invocations += num(row, 'caller_invocations') ?? 0;
    c.cents += units(row, 'caller_cost', 2) ?? 0n;
    callers.set(name, c);
  }
  let totalCents = 0n;
  let unattributedCents = 0n;
  for (const d of days.values()) {
    totalCents += d.totalCents;
    unattributedCents += d.unattributedCents;
  }
  return {
    totalCents,
    unattributedCents,
    unattributedPct: sharePct(unattributedCents, totalCents),
    daily: [...days.values()].map(({ day, unattributedPct, unattributedCents: cents }) => ({
      day,
      unattributedPct,
      unattributedCents: cents,
    })),
    callers: [...callers.values()].sort((a, b) =>
      a.cents === b.cents ? b.invocations - a.invocations : a.cents > b.cents ? -1 : 1,
    ),
  };
}
