/** What a detector says about one point of a series. */
export type Verdict = 'anomalous' | 'normal' | 'not-applicable';

/** Which way an anomalous point departs from what was expected. */
export type Direction = 'up' | 'down';

/** One detector's answer for one point. */
export interface DetectorResult {
  verdict: Verdict;
  /** 0 (clearly normal) to 1 (clearly anomalous); 0.5 sits at the detector's bound. */
  score: number;
  /** The value the detector expected here, when it has one. */
  expected?: number;
  /** The band outside which a value is anomalous, when the detector has one. */
  lower?: number;
  upper?: number;
  direction?: Direction;
}

/** The answer for a point a detector cannot judge (too little history, a gap, not its kind of series). */
export const NOT_APPLICABLE: DetectorResult = Object.freeze({ verdict: 'not-applicable', score: 0 });

/**
 * Maps a deviation measured in multiples of the bound (1 = exactly on the bound) to a 0..1 score:
 * 0.5 on the bound, rising steeply past it, so that scores rank points and a 0.5 cut gives the verdicts.
 */
export function boundScore(ratio: number): number {
  if (!(ratio > 0)) return 0;
  if (!Number.isFinite(ratio)) return 1;
  const r3 = ratio * ratio * ratio;
  return r3 / (1 + r3);
}
