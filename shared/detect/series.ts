/**
 * A univariate series as detection reads it: epoch-ms timestamps in time order and one value each.
 * A gap is either a missing timestamp or a value of `NaN` (a row that exists but carries no value).
 */
export interface TimeSeries {
  /** Epoch milliseconds, non-decreasing. */
  readonly timestamps: ArrayLike<number>;
  /** Same length as `timestamps`; `NaN` marks a missing value. */
  readonly values: ArrayLike<number>;
}

/** True when a value is present (not a gap). */
export const isPresent = (value: number): boolean => Number.isFinite(value);

/** Builds a series from parallel arrays, checking they line up and are in time order. */
export function timeSeries(timestamps: ArrayLike<number>, values: ArrayLike<number>): TimeSeries {
  if (timestamps.length !== values.length) {
    throw new RangeError(`a series needs one value per timestamp (${timestamps.length} vs ${values.length})`);
  }
  for (let i = 1; i < timestamps.length; i++) {
    if ((timestamps[i] as number) < (timestamps[i - 1] as number)) {
      throw new RangeError(`series timestamps must be in time order (index ${i})`);
    }
  }
  return { timestamps, values };
}
