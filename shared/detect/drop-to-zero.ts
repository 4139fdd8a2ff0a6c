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

  constructor(private readonly options: DropToZeroOptions = DEFAULT_DROP_TO_ZERO) {}

  /** Judges `x` given the baseline's expectation and bound, then learns whether zeros are usual. */
  step(x: number, expected: number, bound: number): DetectorResult {
    if (!Number.isFinite(x)) return NOT_APPLICABLE;
    const applicable = this.seen >= this.options.minHistory;
    const usual = this.zeroShare > this.options.maxZeroShare;
    this.seen++;
    const rate = Math.max(1 / this.seen, 1 / 512);
    this.zeroShare += rate * ((x === 0 ? 1 : 0) - this.zeroShare);
    if (!applicable) return NOT_APPLICABLE;
    if (x !== 0 || usual || !(expected > this.options.minBoundShare * bound)) {
      return { verdict: 'normal', score: 0, expected, lower: 0 };
    }
    return { verdict: 'anomalous', score: 1, expected, lower: 0, direction: 'down' };
  }
}
