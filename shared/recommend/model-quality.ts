import { microsText, roundDiv, scaleMicros } from './micros';
import type { ModelUsage } from './model-usage';
import { cheapestMeeting, paretoFront, type QualityPoint } from './pareto-front';
import type { PriceIndex } from './price-index';
import type { QualityBook } from './quality-book';
import type { Recommendation } from './recommendation';
import { tokenCostMicros } from './token-cost';

/** One feature's cost-vs-quality table: every evaluated, priced model and its front. */
export interface FeatureQuality {
  feature: string;
  metric: string;
  minScore: number;
  points: QualityPoint[];
  front: QualityPoint[];
  cheapest?: QualityPoint;
}

/** The feature's whole usage (all teams, environments and models) as one token profile. */
function profileOf(rows: readonly ModelUsage[]): ModelUsage {
  const top = [...rows].sort((a, b) => b.invocations - a.invocations)[0] as ModelUsage;
  const sum = (f: (u: ModelUsage) => number) => rows.reduce((s, u) => s + f(u), 0);
  return {
    ...top,
    invocations: sum((u) => u.invocations),
    errors: sum((u) => u.errors),
    inputTokens: sum((u) => u.inputTokens),
    outputTokens: sum((u) => u.outputTokens),
    cacheReadTokens: sum((u) => u.cacheReadTokens),
    cacheWriteTokens: sum((u) => u.cacheWriteTokens),
  };
}

/**
 * Per feature with evaluations and a bar: cost per successful output of each evaluated model (the
 * feature's own tokens at that model's list prices, over its successful calls) against its score,
 * the Pareto front and the cheapest model meeting the bar. Where that model is cheaper than what
 * the feature pays now, a recommendation: saving = today's list cost − the same tokens on it.
 */
export function modelQualityVsCost(
  usage: readonly ModelUsage[],
  prices: PriceIndex,
  quality: QualityBook,
  windowDays: number,
): { tables: FeatureQuality[]; recommendations: Recommendation[] } {
  const byFeature = new Map<string, ModelUsage[]>();
  for (const u of usage) byFeature.set(u.feature, [...(byFeature.get(u.feature) ?? []), u]);
  const tables: FeatureQuality[] = [];
  const recommendations: Recommendation[] = [];
  for (const [feature, rows] of [...byFeature].sort(([a], [b]) => a.localeCompare(b))) {
    const bar = quality.bar(feature);
    if (!bar) continue;
    const profile = profileOf(rows);
    const successes = BigInt(profile.invocations - profile.errors);
    if (successes <= 0n) continue;
    const points: QualityPoint[] = [];
    for (const [model, score] of quality.scoresOf(feature, bar.metric)) {
      const p = prices.model(model, profile.scope);
      if (p) points.push({ model, score, costMicros: roundDiv(tokenCostMicros(profile, p), successes) });
    }
    const cheapest = cheapestMeeting(points, bar.minScore);
    tables.push({
      feature,
      metric: bar.metric,
      minScore: bar.minScore,
      points,
      front: paretoFront(points),
      cheapest,
    });
    if (!cheapest) continue;
    let now = 0n;
    for (const u of rows) {
      const p = prices.model(u.model, u.scope);
      if (!p) continue;
      now += tokenCostMicros(u, p);
    }
    const then = cheapest.costMicros * successes;
    const saving = scaleMicros(now - then, 30n, BigInt(windowDays));
    const models = [...new Set(rows.map((u) => u.model))];
    if (saving <= 0n || (models.length === 1 && models[0] === cheapest.model)) continue;
    recommendations.push({
      kind: 'model-quality-vs-cost',
      team: [...new Set(rows.map((u) => u.team))].sort().join(','),
      feature,
      environment: null,
      resource: cheapest.model,
      evidence: {
        quality_bar: `${bar.metric} >= ${bar.minScore}`,
        current_models: models.join(','),
        successful_outputs: Number(successes),
        current_cost_per_success: microsText(roundDiv(now, successes)),
        cheapest_cost_per_success: microsText(cheapest.costMicros),
        cheapest_score: cheapest.score,
        pareto_front: paretoFront(points)
          .map((p) => `${p.model} ${microsText(p.costMicros)} @ ${p.score}`)
          .join('; '),
        window_days: windowDays,
      },
      monthlySavingMicros: saving,
      confidence: 'high',
      action: `Move ${feature} to ${cheapest.model}: the cheapest model meeting ${bar.metric} >= ${bar.minScore}.`,
    });
  }
  return { tables, recommendations };
}
