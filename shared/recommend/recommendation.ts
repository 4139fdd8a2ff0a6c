/** Every kind of recommendation, in the order the README explains them; one detector in shared/recommend each. */
export const RECOMMENDATION_KINDS = [
  'right-size-model',
  'model-quality-vs-cost',
  'cost-per-outcome',
  'gpu-idle',
  'gpu-scale-down',
  'gpu-off-peak',
  'gpu-non-production',
  'gpu-low-output-value',
  'prompt-caching',
  'commitment',
] as const;

/** What a recommendation is about. */
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** How far the saving can be trusted: measured on enough data, or resting on an assumption. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * One change that saves money, with the figures it rests on. `monthlySavingMicros` is the
 * estimated saving per 30-day month in exact micro-dollars (1e-6 USD); every saving is an estimate.
 */
export interface Recommendation {
  kind: RecommendationKind;
  team: string;
  feature: string | null;
  environment: string | null;
  /** The model or GPU resource (instance id, endpoint/variant, instance type) concerned. */
  resource: string;
  /** The figures the saving is computed from, by name, as shown to the reader. */
  evidence: Readonly<Record<string, string | number>>;
  monthlySavingMicros: bigint;
  confidence: Confidence;
  action: string;
}

/** Recommendations, largest saving first (then by kind, team, resource for a stable order). */
export function sortRecommendations(recs: readonly Recommendation[]): Recommendation[] {
  return [...recs].sort((a, b) =>
    a.monthlySavingMicros === b.monthlySavingMicros
      ? `${a.kind}|${a.team}|${a.feature}|${a.resource}`.localeCompare(
          `${b.kind}|${b.team}|${b.feature}|${b.resource}`,
        )
      : a.monthlySavingMicros > b.monthlySavingMicros
        ? -1
        : 1,
  );
}
