/** A feature's quality bar: the evaluation metric and the least score a model must reach. */
export interface QualityBar {
  metric: string;
  minScore: number;
}

/** One evaluation score: how well `model` does `feature` on `metric` (latest evaluation). */
export interface EvaluationScore {
  feature: string;
  model: string;
  metric: string;
  score: number;
}

/** The evaluation scores and the configured bars, looked up by feature and model. */
export class QualityBook {
  private readonly scores = new Map<string, number>();
  private readonly evaluated = new Set<string>();

  constructor(
    scores: readonly EvaluationScore[],
    private readonly bars: Readonly<Record<string, QualityBar>>,
    private readonly defaultBar?: QualityBar,
  ) {
    for (const s of scores) {
      this.scores.set(`${s.feature}|${s.model}|${s.metric}`, s.score);
      this.evaluated.add(s.feature);
    }
  }

  /** The bar of `feature`, when it has evaluations and a bar (its own or the default). */
  bar(feature: string): QualityBar | undefined {
    if (!this.evaluated.has(feature)) return undefined;
    return this.bars[feature] ?? this.defaultBar;
  }

  score(feature: string, model: string, metric: string): number | undefined {
    return this.scores.get(`${feature}|${model}|${metric}`);
  }

  /** Every score of `feature` on `metric`, by model. */
  scoresOf(feature: string, metric: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, score] of this.scores) {
      const [f, model, m] = key.split('|') as [string, string, string];
      if (f === feature && m === metric) out.set(model, score);
    }
    return out;
  }
}
