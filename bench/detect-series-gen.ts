/**
 * The labelled evaluation set for anomaly detection: hourly series of 8 weeks with daily and weekly
 * seasonality, Gaussian or heavy-tailed noise, missing hours and holidays (both normal, unlabelled),
 * and injected anomalies of one kind per series (spikes, dips, level shifts, slow ramps, drops to
 * zero) of varied size, plus clean series. Deterministic for a seed.
 */

const HOUR = 3_600_000;
/** Monday 2026-01-05 00:00 UTC. */
const START = Date.UTC(2026, 0, 5);
export const WEEKS = 8;
export const POINTS = WEEKS * 7 * 24;

export type AnomalyKind = 'spike' | 'dip' | 'level-shift' | 'ramp' | 'drop-to-zero';
export type SeriesKind = AnomalyKind | 'clean';

/** One injected anomaly: where it starts, and the window in which an alert counts as detecting it. */
export interface LabelledAnomaly {
  kind: AnomalyKind;
  /** Index of the first affected sample. */
  start: number;
  /** Last index of the scoring window (inclusive): the effect plus a short tail. */
  windowEnd: number;
  /** Size: the factor applied to the expected value (spikes 3 = three times expected). */
  factor: number;
}

export interface LabelledSeries {
  id: string;
  kind: SeriesKind;
  noise: 'gaussian' | 'heavy-tailed';
  timestamps: Float64Array;
  values: Float64Array;
  anomalies: LabelledAnomaly[];
}

/** A small seeded PRNG (mulberry32): the set is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Student t with 3 degrees of freedom, scaled to unit variance: rare large errors, as real metrics have. */
function heavyTailed(r: () => number): number {
  let chi = 0;
  for (let k = 0; k < 3; k++) chi += gaussian(r) ** 2;
  return gaussian(r) / Math.sqrt(chi / 3) / Math.sqrt(3);
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

/** The kinds in the set and how many series of each. */
export const SET_COMPOSITION: Record<SeriesKind, number> = {
  clean: 60,
  spike: 50,
  dip: 30,
  'level-shift': 30,
  ramp: 30,
  'drop-to-zero': 20,
};

/** One series: a seasonal shape times a level, noise, gaps, holidays, then the kind's anomalies. */
export function generateSeries(kind: SeriesKind, seed: number): LabelledSeries {
  const r = rng(seed);
  const level = 10 ** between(r, 1, 6);
  const dailyAmp = pick(r, [0, 0.2, 0.4, 0.6]);
  const weekendFactor = pick(r, [1, 0.8, 0.6, 0.4]);
  const phase = between(r, 0, 24);
  const noiseShare = pick(r, [0.02, 0.05, 0.08, 0.12]);
  const noise = r() < 0.5 ? 'gaussian' : 'heavy-tailed';
  const holidays = new Set<number>();
  const holidayCount = Math.floor(r() * 3);
  for (let k = 0; k < holidayCount; k++)
    holidays.add(7 * Math.floor(between(r, 1, WEEKS)) + Math.floor(r() * 5));
  const timestamps = new Float64Array(POINTS);
  const expected = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    timestamps[i] = START + i * HOUR;
    const day = Math.floor(i / 24);
    const hour = i % 24;
    const weekend = day % 7 >= 5;
    const dayFactor = weekend ? weekendFactor : holidays.has(day) ? 0.85 + 0.15 * weekendFactor : 1;
    const shape = 1 + dailyAmp * Math.sin((2 * Math.PI * (hour - phase)) / 24) * (weekend ? 0.5 : 1);
    expected[i] = level * dayFactor * shape;
  }
  const anomalies: LabelledAnomaly[] = [];
  const factorAt = new Float64Array(POINTS).fill(1);
  const zeroAt = new Uint8Array(POINTS);
  if (kind !== 'clean') {
    const count = kind === 'spike' || kind === 'dip' ? 1 + Math.floor(r() * 3) : 1;
    // Anomalies start after three weeks (so a weekly baseline exists) and are a week apart.
    const slots = [3, 4, 5, 6, 7].sort(() => r() - 0.5).slice(0, count);
    for (const week of slots) {
      const start = week * 168 + Math.floor(r() * 160);
      anomalies.push(inject(kind, start, r, factorAt, zeroAt));
    }
  }
  const values = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    const e = expected[i] as number;
    const n = noise === 'gaussian' ? gaussian(r) : heavyTailed(r);
    const v = zeroAt[i] ? 0 : Math.max(0, e * (factorAt[i] as number) + noiseShare * level * n);
    // About 1% of hours are missing (never three in a row: that would be a logging outage).
    // An anomaly's own samples are never missing: a label on a missing sample cannot be detected.
    const labelled = zeroAt[i] === 1 || factorAt[i] !== 1;
    values[i] = r() < 0.01 && !labelled ? Number.NaN : v;
  }
  anomalies.sort((a, b) => a.start - b.start);
  return { id: `${kind}-${seed}`, kind, noise, timestamps, values, anomalies };
}

function inject(
  kind: AnomalyKind,
  start: number,
  r: () => number,
  factorAt: Float64Array,
  zeroAt: Uint8Array,
): LabelledAnomaly {
  const end = (n: number) => Math.min(POINTS - 1, n);
  switch (kind) {
    case 'spike': {
      const factor = pick(r, [1.5, 2, 3, 5, 10]);
      const width = 1 + Math.floor(r() * 3);
      for (let i = start; i < start + width && i < POINTS; i++) factorAt[i] = factor;
      return { kind, start, windowEnd: end(start + width + 2), factor };
    }
    case 'dip': {
      const factor = pick(r, [0.1, 0.3, 0.5]);
      const width = 1 + Math.floor(r() * 3);
      for (let i = start; i < start + width && i < POINTS; i++) factorAt[i] = factor;
      return { kind, start, windowEnd: end(start + width + 2), factor };
    }
    case 'level-shift': {
      const factor = pick(r, [0.4, 0.6, 1.5, 2, 3]);
      for (let i = start; i < POINTS; i++) factorAt[i] = factor;
      return { kind, start, windowEnd: end(start + 24), factor };
    }
    case 'ramp': {
      const factor = pick(r, [1.5, 2, 3]);
      const length = pick(r, [12, 24, 48, 72]);
      for (let i = start; i < POINTS; i++)
        factorAt[i] = 1 + (factor - 1) * Math.min(1, (i - start + 1) / length);
      return { kind, start, windowEnd: end(start + length + 24), factor };
    }
    case 'drop-to-zero': {
      const width = pick(r, [1, 2, 4, 8]);
      for (let i = start; i < start + width && i < POINTS; i++) zeroAt[i] = 1;
      return { kind, start, windowEnd: end(start + width + 2), factor: 0 };
    }
  }
}

/** The whole set: SET_COMPOSITION series, seeds derived from the kind's position (stable). */
export function generateEvaluationSet(): LabelledSeries[] {
  const out: LabelledSeries[] = [];
  let seed = 1;
  for (const [kind, count] of Object.entries(SET_COMPOSITION) as [SeriesKind, number][]) {
    for (let k = 0; k < count; k++) out.push(generateSeries(kind, 1000 * seed + k));
    seed++;
  }
  return out;
}
