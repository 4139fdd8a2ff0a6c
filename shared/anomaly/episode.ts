import type { DetectorId } from '../detect/registry';
import type { Direction } from '../detect/verdict';

/** What an alert is about: Bedrock usage, its error rate, an idle GPU, or a billed line item. */
export type AlertKind = 'usage' | 'errors' | 'gpu-idle' | 'billed-cost';

/** The unit a series is measured in. */
export type SeriesUnit = 'USD' | 'tokens' | 'invocations' | 'ratio' | 'percent';

/** One series the detection reads, named by what it measures and its dimensions. */
export interface SeriesRef {
  kind: AlertKind;
  /** `estimated_cost`, `tokens`, `invocations`, `error_rate`, `gpu_util`, `billed_cost`. */
  metric: string;
  unit: SeriesUnit;
  /** team, feature, environment, model (usage); resource_id, instance_type (GPU); service, usage_type (bill). */
  dimensions: Readonly<Record<string, string>>;
}

/**
 * One anomalous stretch of a series, as the detection replay found it: from its first anomalous
 * sample to the sample that closed it (or still open at the last sample read).
 */
export interface Episode {
  series: SeriesRef;
  /** Stable name of the series (and group): incidents are keyed on it. */
  seriesKey: string;
  /** Epoch ms of the first anomalous sample. */
  startedAt: number;
  /** Epoch ms of the last anomalous sample. */
  lastAnomalousAt: number;
  /** Epoch ms of the sample that closed it; undefined while open. */
  closedAt?: number;
  detector: DetectorId;
  direction: Direction;
  /** At the sample departing most from its expectation. */
  observed: number;
  expected: number;
  /** Largest |observed − expected| seen: escalation compares it with the last one alerted. */
  peakDeviation: number;
  /** 0..1, the strongest score in the episode. */
  score: number;
  /** Dollars above (or, negative, below) expectation over the episode so far; an estimate. */
  extraCostSoFar: number;
  /** Dollars a day if the last anomalous sample's excess continues; an estimate. */
  extraCostPerDay: number;
  /** Why the dollars are not known (no price for the resource): never reported as $0. */
  unpriced?: string;
  /** Metrics of the same dimensions that were anomalous at the same time (usage merges them). */
  metrics: string[];
  /** What one sample spans, when not the series' usual hour (a day's bill): observed and expected are per this. */
  samplePeriod?: SamplePeriod;
}

/** What one sample of a series spans. */
export type SamplePeriod = 'quarter hour' | 'hour' | 'day';

/** The ratio of observed to expected, with a zero expectation treated as tiny. */
export function ratioOf(observed: number, expected: number): number {
  return observed / Math.max(Math.abs(expected), 1e-9);
}
