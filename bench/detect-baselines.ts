/**
 * The two reference detectors of the benchmark, with the same incident grouping as production
 * (one alert per incident, closed after 6 normal samples) so that only the detection rule differs.
 */
import { IncidentTracker } from '../shared/detect/incidents';

/** Turns per-sample anomalous flags (with their expectation and bound) into alert indices. */
function alertsFrom(
  values: Float64Array,
  judge: (i: number) => { anomalous: boolean; expected: number; bound: number } | undefined,
): number[] {
  const incidents = new IncidentTracker({ escalateFactor: 2, closeAfter: 6 });
  const alerts: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    const j = judge(i);
    if (!j) continue;
    const direction = x > j.expected ? 'up' : 'down';
    const event = incidents.step({
      anomalous: j.anomalous,
      direction,
      value: x,
      expected: j.expected,
      bound: j.bound,
    });
    if (event === 'open' || event === 'escalate') alerts.push(i);
  }
  return alerts;
}

/** Static mean + 3σ: mean and standard deviation of the first `train` samples, then a fixed band. */
export function staticThreeSigma(values: Float64Array, train = 504): number[] {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < Math.min(train, values.length); i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    n++;
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
  return alertsFrom(values, (i) =>
    i < train
      ? undefined
      : { anomalous: Math.abs((values[i] as number) - mean) > 3 * sd, expected: mean, bound: 3 * sd },
  );
}

/** Rolling z-score: mean and standard deviation of the previous `window` present samples, |z| > 3. */
export function rollingZScore(values: Float64Array, window = 48, threshold = 3): number[] {
  const past: number[] = [];
  return alertsFrom(values, (i) => {
    const x = values[i] as number;
    let result: { anomalous: boolean; expected: number; bound: number } | undefined;
    if (past.length === window) {
      let sum = 0;
      let sq = 0;
      for (const p of past) {
        sum += p;
        sq += p * p;
      }
      const mean = sum / window;
      const sd = Math.sqrt(Math.max(0, sq / window - mean * mean));
      result = { anomalous: Math.abs(x - mean) > threshold * sd, expected: mean, bound: threshold * sd };
    }
    past.push(x);
    if (past.length > window) past.shift();
    return result;
  });
}
