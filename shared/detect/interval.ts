/** The sampling interval of a series, as inferred from its timestamps. */
export interface SamplingInterval {
  /** The typical step between consecutive timestamps, in ms, snapped to a common interval when close. */
  intervalMs: number;
  /** Most steps are a whole number of intervals (gaps allowed): seasonal slots make sense. */
  regular: boolean;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Intervals monitoring systems actually use; a jittered median snaps to the nearest one. */
const COMMON_INTERVALS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
];

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Infers the sampling interval from the median step between distinct consecutive timestamps.
 * The median ignores gaps (a few long steps) and jitter; a result within 10% of a common interval
 * is snapped to it. Returns undefined with fewer than two distinct timestamps.
 */
export function inferInterval(timestamps: ArrayLike<number>): SamplingInterval | undefined {
  const steps: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const step = (timestamps[i] as number) - (timestamps[i - 1] as number);
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return undefined;
  const sorted = Float64Array.from(steps).sort();
  let intervalMs = median(sorted);
  for (const common of COMMON_INTERVALS) {
    if (Math.abs(intervalMs - common) <= 0.1 * common) {
      intervalMs = common;
      break;
    }
  }
  // A step is on the grid when it is close to a whole number of intervals (one or more: a gap).
  let onGrid = 0;
  for (const step of steps) {
    const k = Math.round(step / intervalMs);
    if (k >= 1 && Math.abs(step - k * intervalMs) <= 0.2 * intervalMs) onGrid++;
  }
  return { intervalMs, regular: onGrid >= 0.8 * steps.length };
}
