/** Hand-made series with the shapes real cloud metrics have, for the detector tests. */

export const HOUR = 3_600_000;
export const FIVE_MINUTES = 300_000;
export const DAY = 24 * HOUR;
const START = Date.UTC(2026, 1, 2); // a Monday

/** A seeded PRNG (mulberry32) and a Gaussian from it. */
export function noise(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12))) * Math.cos(2 * Math.PI * uniform());
}

export interface Shape {
  timestamps: number[];
  values: number[];
}

/** `n` samples `step` ms apart, each value from `f(i, t)`. */
export function shape(n: number, step: number, f: (i: number, t: number) => number): Shape {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = START + i * step;
    timestamps.push(t);
    values.push(f(i, t));
  }
  return { timestamps, values };
}

/** Hourly request counts: a daily cycle, quieter weekends, Gaussian noise. */
export function requestCounts(weeks: number, seed = 1): Shape {
  const g = noise(seed);
  return shape(weeks * 168, HOUR, (i) => {
    const day = Math.floor(i / 24) % 7;
    const weekend = day >= 5 ? 0.5 : 1;
    return Math.max(0, 1000 * weekend * (1 + 0.5 * Math.sin((2 * Math.PI * (i % 24)) / 24)) + 30 * g());
  });
}

/** Indices where the detector raised an alert. */
export const alertIndices = (points: readonly { anomaly: boolean }[]): number[] =>
  points.flatMap((p, i) => (p.anomaly ? [i] : []));
