import { type DetectorResult, NOT_APPLICABLE } from './verdict';

/** Tuning of the missing-data detector. */
export interface MissingDataOptions {
  /** Consecutive missing samples that make an outage. */
  minMissing: number;
  /** Present samples needed first: a series that was never dense cannot go missing. */
  minHistory: number;
}

export const DEFAULT_MISSING_DATA: MissingDataOptions = { minMissing: 3, minHistory: 32 };

/**
 * Missing data: `minMissing` consecutive samples without a value, on a series that had data, is an
 * incident too (a logging outage looks like silence, not like a spike). Online: feed every sample.
 */
export class MissingData {
  private present = 0;
  private missing = 0;

  constructor(private readonly options: MissingDataOptions = DEFAULT_MISSING_DATA) {}

  /** Feeds one sample; `x` is NaN when the sample has no value. */
  step(x: number): DetectorResult {
    if (Number.isFinite(x)) {
      this.present++;
      this.missing = 0;
      return this.present > this.options.minHistory ? { verdict: 'normal', score: 0 } : NOT_APPLICABLE;
    }
    this.missing++;
    if (this.present < this.options.minHistory) return NOT_APPLICABLE;
    const anomalous = this.missing >= this.options.minMissing;
    return {
      verdict: anomalous ? 'anomalous' : 'normal',
      score: anomalous ? 1 : 0,
      ...(anomalous ? { direction: 'down' as const } : {}),
    };
  }
}
