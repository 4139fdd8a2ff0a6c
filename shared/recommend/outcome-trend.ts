import { microsText, picoOf, roundDiv, scaleMicros } from './micros';
import type { Recommendation } from './recommendation';

/** One day of a team × feature: its allocated cost (decimal text, dollars) and outcomes. */
export interface OutcomeDay {
  day: string;
  team: string;
  feature: string;
  metric: string;
  costMicros: bigint;
  outcomes: number;
}

const signed = (pct: number) => `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%`;

/** Dollars as decimal text to micro-dollars (half up). */
export const microsOfDollars = (text: string): bigint => roundDiv(picoOf(text), 1_000_000n);

/**
 * Cost per business outcome: the window's days in two halves (the middle day of an odd count left
 * out); a feature whose cost grew more than `minGapPct` points faster than its outcomes gets a
 * recommendation. Saving = second-half cost − the cost its outcomes would have had at the first
 * half's cost per outcome, scaled to 30 days.
 */
export function costPerOutcomeTrend(days: readonly OutcomeDay[], minGapPct: number): Recommendation[] {
  const byFeature = new Map<string, OutcomeDay[]>();
  for (const d of days) {
    const key = `${d.team}|${d.feature}|${d.metric}`;
    byFeature.set(key, [...(byFeature.get(key) ?? []), d]);
  }
  const out: Recommendation[] = [];
  for (const rows of byFeature.values()) {
    const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
    const half = Math.floor(sorted.length / 2);
    if (half < 2) continue;
    const first = sorted.slice(0, half);
    const second = sorted.slice(sorted.length - half);
    const cost = (r: OutcomeDay[]) => r.reduce((s, d) => s + d.costMicros, 0n);
    const outcomes = (r: OutcomeDay[]) => r.reduce((s, d) => s + d.outcomes, 0);
    const [c1, c2, o1, o2] = [cost(first), cost(second), outcomes(first), outcomes(second)];
    if (c1 <= 0n || o1 <= 0 || o2 <= 0) continue;
    const costGrowth = (Number(c2) / Number(c1) - 1) * 100;
    const outcomeGrowth = (o2 / o1 - 1) * 100;
    if (costGrowth - outcomeGrowth <= minGapPct) continue;
    const atFirstRate = roundDiv(c1 * BigInt(Math.round(o2 * 1000)), BigInt(Math.round(o1 * 1000)));
    const saving = scaleMicros(c2 - atFirstRate, 30n, BigInt(half));
    if (saving <= 0n) continue;
    const s = sorted[0] as OutcomeDay;
    const perOutcomeGrowth = (Number(c2) / o2 / (Number(c1) / o1) - 1) * 100;
    out.push({
      kind: 'cost-per-outcome',
      team: s.team,
      feature: s.feature,
      environment: null,
      resource: s.metric,
      evidence: {
        first_half: `${(first[0] as OutcomeDay).day}..${(first[half - 1] as OutcomeDay).day}`,
        second_half: `${(second[0] as OutcomeDay).day}..${(second[half - 1] as OutcomeDay).day}`,
        first_half_cost: microsText(c1),
        second_half_cost: microsText(c2),
        first_half_outcomes: o1,
        second_half_outcomes: o2,
        cost_growth_pct: Number(costGrowth.toFixed(2)),
        outcome_growth_pct: Number(outcomeGrowth.toFixed(2)),
        first_half_cost_per_outcome: microsText(roundDiv(c1 * 1000n, BigInt(Math.round(o1 * 1000)))),
        second_half_cost_per_outcome: microsText(roundDiv(c2 * 1000n, BigInt(Math.round(o2 * 1000)))),
        half_days: half,
      },
      monthlySavingMicros: saving,
      confidence: 'low',
      action: `${s.feature}'s cost per ${s.metric} rose ${perOutcomeGrowth.toFixed(0)}% (cost ${signed(costGrowth)}, ${s.metric} ${signed(outcomeGrowth)}): find what changed (prompt length, model, retries, answer quality) and bring cost per outcome back to the first half's level.`,
    });
  }
  return out;
}
