import { type DetectorResult, NOT_APPLICABLE } from './verdict';

/** When a paid GPU counts as idle. */
export interface IdleGpuOptions {
  /** Average utilization (0..100) under which an hour is idle. */
  utilizationFloor: number;
  /** Consecutive idle hours before the resource is flagged. */
  hours: number;
}

export const DEFAULT_IDLE_GPU: IdleGpuOptions = { utilizationFloor: 5, hours: 6 };

/**
 * Idle GPU: anomalous at the hour where a paid resource has been under the utilization floor for
 * `hours` consecutive hours (and every hour after while it stays idle). `utilization` is hourly,
 * newest last, NaN for an hour without data (which breaks the run: no data is not proof of idleness);
 * `paid` says whether each hour was billed. Judges the last hour.
 */
export function idleGpu(
  utilization: ArrayLike<number>,
  paid: ArrayLike<boolean>,
  options: IdleGpuOptions = DEFAULT_IDLE_GPU,
): DetectorResult {
  const n = utilization.length;
  if (n === 0 || !paid[n - 1] || !Number.isFinite(utilization[n - 1] as number)) return NOT_APPLICABLE;
  let idle = 0;
  for (let i = n - 1; i >= 0 && idle < options.hours; i--) {
    const u = utilization[i] as number;
    if (!paid[i] || !Number.isFinite(u) || u >= options.utilizationFloor) break;
    idle++;
  }
  if (idle < options.hours && n < options.hours) return NOT_APPLICABLE;
  const anomalous = idle >= options.hours;
  return {
    verdict: anomalous ? 'anomalous' : 'normal',
    score: anomalous ? 1 : (0.49 * idle) / options.hours,
    expected: options.utilizationFloor,
    lower: options.utilizationFloor,
    ...(anomalous ? { direction: 'down' as const } : {}),
  };
}
