import { type DetectorResult, NOT_APPLICABLE } from './verdict';

/** Tuning of the drop-to-zero detector. */
export interface DropToZeroOptions {
  /** Present samples needed before a zero means anything. */
  minHistory: number;
  /** A zero is ordinary when more than this share of recent samples were zero. */
  maxZeroShare: number;
  /** The expectation must be at least this share of the baseline's bound above zero. */
  minBoundShare: number;
}

export const DEFAULT_DROP_TO_ZERO: DropToZeroOptions = {
  minHistory: 32,
  maxZeroShare: 0.01,
  minBoundShare: 0.75,
};

/**
 * Drop to zero: a series that is rarely zero reads exactly zero while clearly expected above it
 * (a logging outage, a dead exporter, a stopped fleet). Catches drops whose size is within the
 * baseline's band on noisy series. Online: feed every present value in order.
 */
export class DropToZero {
  private seen = 0;
  private zeroShare = 0;
  /** The zero share before the current run of zeros began: a run must not make itself usual. */
  private shareBeforeRun = 0;
  private run = 0;
  private runExpected = 0;

  constructor(private readonly options: DropToZeroOptions = DEFAULT_DROP_TO_ZERO) {}

  /**
   * Judges `x` given the baseline's expectation and bound, then learns whether zeros are usual.
   * A run of zeros is judged as a whole: k zeros where the expectations add up past the bound of
   * a k-sample sum (bound × √k) are a drop even when each zero alone is within the band (a noisy,
   * low-count series whose logging stopped).
   */
  step(x: number, expected: number, bound: number): DetectorResult {
    if (!Number.isFinite(x)) return NOT_APPLICABLE;
    const applicable = this.seen >= this.options.minHistory;
    if (x === 0 && this.run === 0) this.shareBeforeRun = this.zeroShare;
    const usual = (x === 0 ? this.shareBeforeRun : this.zeroShare) > this.options.maxZeroShare;
    this.seen++;
    const rate = Math.max(1 / this.seen, 1 / 512);
    this.zeroShare += rate * ((x === 0 ? 1 : 0) - this.zeroShare);
    if (x === 0) {
      this.run++;
      this.runExpected += Number.isFinite(expected) ? Math.max(0, expected) : 0;
    } else {
      this.run = 0;
      this.runExpected = 0;
    }
    if (!applicable) return NOT_APPLICABLE;
    const share = this.options.minBoundShare * bound;
    if (
      x !== 0 ||
      usual ||
      !(expected > share || (this.run > 1 && this.runExpected > share * Math.sqrt(this.run)))
    ) {
      return { verdict: 'normal', score: 0, expected, lower: 0 };
    }
    return { verdict: 'anomalous', score: 1, expected, lower: 0, direction: 'down' };
  }
}
