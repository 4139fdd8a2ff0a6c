import { boundScore, type DetectorResult, NOT_APPLICABLE } from './verdict';

/** Limits from configuration, e.g. max tokens per hour or max spend per day for a team. */
export interface StaticLimits {
  max?: number;
  min?: number;
}

/** Static thresholds: anomalous above `max` or below `min`; not-applicable without limits or value. */
export function staticThreshold(value: number, limits: StaticLimits): DetectorResult {
  if (!Number.isFinite(value) || (limits.max === undefined && limits.min === undefined))
    return NOT_APPLICABLE;
  const bounds = {
    ...(limits.min !== undefined ? { lower: limits.min } : {}),
    ...(limits.max !== undefined ? { upper: limits.max } : {}),
  };
  if (limits.max !== undefined && value > limits.max) {
    return {
      verdict: 'anomalous',
      score: boundScore(limits.max > 0 ? value / limits.max : 2),
      direction: 'up',
      ...bounds,
    };
  }
  if (limits.min !== undefined && value < limits.min) {
    return {
      verdict: 'anomalous',
      score: boundScore(value > 0 ? limits.min / value : 2),
      direction: 'down',
      ...bounds,
    };
  }
  const ratio = limits.max !== undefined && limits.max > 0 ? Math.max(0, value) / limits.max : 0;
  return { verdict: 'normal', score: Math.min(boundScore(ratio), 0.49), ...bounds };
}
