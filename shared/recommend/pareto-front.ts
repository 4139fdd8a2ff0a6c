/** A model's point on the cost-vs-quality plane of one feature. */
export interface QualityPoint {
  model: string;
  /** Cost per successful output, micro-dollars. */
  costMicros: bigint;
  score: number;
}

/**
 * The Pareto front: points no other point beats on both axes (cost no higher and score no lower,
 * one strictly better). Ties (same cost and score) are all kept. Ordered by cost, then model.
 */
export function paretoFront(points: readonly QualityPoint[]): QualityPoint[] {
  const dominated = (p: QualityPoint) =>
    points.some(
      (q) =>
        q.costMicros <= p.costMicros &&
        q.score >= p.score &&
        (q.costMicros < p.costMicros || q.score > p.score),
    );
  return points
    .filter((p) => !dominated(p))
    .sort((a, b) =>
      a.costMicros === b.costMicros ? a.model.localeCompare(b.model) : a.costMicros < b.costMicros ? -1 : 1,
    );
}

/** The cheapest point reaching `minScore` (ties on cost: the higher score, then the model name). */
export function cheapestMeeting(points: readonly QualityPoint[], minScore: number): QualityPoint | undefined {
  return paretoFront(points.filter((p) => p.score >= minScore)).sort((a, b) =>
    a.costMicros === b.costMicros
      ? b.score - a.score || a.model.localeCompare(b.model)
      : a.costMicros < b.costMicros
        ? -1
        : 1,
  )[0];
}
