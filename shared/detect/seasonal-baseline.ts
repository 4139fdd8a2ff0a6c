import type { SamplingInterval } from './interval';
import { RobustScale } from './robust-scale';
import { hourOfDay, inferSeasonality, weekSlot } from './seasonality';
import { boundScore, type DetectorResult } from './verdict';

/** Tuning of the seasonal robust baseline; the defaults are what the benchmark chose. */
export interface SeasonalBaselineOptions {
  /** Bound in robust standard deviations of the recent residuals. */
  zThreshold: number;
  /** Bound as a multiple of the 99th percentile of recent normal |residuals| (heavy tails). */
  tailFactor: number;
  /** Level smoothing of the seasonal model and of the flat model, per sample. */
  levelAlpha: number;
  flatAlpha: number;
  /** Seasonal smoothing per visit of a slot (divided by the samples an hourly slot gets). */
  dailyGamma: number;
  weeklyGamma: number;
  /** Residuals are clipped at this many standard deviations before they update the model (Huber). */
  clip: number;
  /** Smallest spread, relative to the typical magnitude of the series (flat series). */
  relativeFloor: number;
}

export const DEFAULT_SEASONAL_OPTIONS: SeasonalBaselineOptions = {
  zThreshold: 5,
  tailFactor: 1.3,
  levelAlpha: 0.05,
  flatAlpha: 0.1,
  dailyGamma: 0.15,
  weeklyGamma: 0.2,
  clip: 2,
  relativeFloor: 1e-3,
};

/** What the baseline measured at a point, for the detectors that build on its residuals. */
export interface BaselineAssessment {
  result: DetectorResult;
  residual: number;
  /** Robust standard deviation of recent residuals (with its floor). */
  sigma: number;
  /** The absolute residual beyond which the point is anomalous. */
  bound: number;
}

const HOUR = 3_600_000;
const RECENT = 64;

/**
 * Seasonal robust baseline, online. Two models run side by side on every sample:
 * - seasonal: level + hour-of-day profile + day-of-week×hour correction (additive Holt-Winters),
 * - flat: a level only,
 * each updated with Huber-clipped residuals and never with points judged anomalous, so past
 * anomalies do not leak into the expectation. The model with the lower recent error is used, and
 * the seasonal one only once the history covers its cycle: a series without a daily pattern is not
 * forced into one. The bound is the larger of `zThreshold` robust standard deviations and
 * `tailFactor` × the 99th percentile of recent normal residuals.
 */
export class SeasonalBaseline {
  private readonly scale = new RobustScale();
  private readonly daily = new Float64Array(24);
  private readonly weekly: Float64Array;
  private readonly dailyGamma: number;
  private readonly weeklyGamma: number;
  private readonly useDaily: boolean;
  private readonly seasonalFrom: number;
  private level = Number.NaN;
  private flat = Number.NaN;
  private maeSeasonal = 0;
  private maeFlat = 0;
  private magnitude = 0;
  private seen = 0;
  // The last RECENT present samples, to re-base after a confirmed shift.
  private readonly recentT = new Float64Array(RECENT);
  private readonly recentX = new Float64Array(RECENT);
  private recentNext = 0;
  private recentCount = 0;

  constructor(
    private readonly interval: SamplingInterval,
    startMs: number,
    private readonly options: SeasonalBaselineOptions = DEFAULT_SEASONAL_OPTIONS,
  ) {
    const perHour = Math.max(1, HOUR / interval.intervalMs);
    this.useDaily = interval.regular && interval.intervalMs <= 6 * HOUR;
    this.weekly = new Float64Array(interval.intervalMs >= 24 * HOUR ? 7 : 168);
    this.dailyGamma = options.dailyGamma / perHour;
    this.weeklyGamma = options.weeklyGamma / perHour;
    // The first time the history covers a cycle (inferSeasonality is monotone in the history length).
    const dailyAt = inferSeasonality(interval, 2 * 24 * HOUR).daily !== undefined ? 2 * 24 * HOUR : Infinity;
    const weeklyAt =
      inferSeasonality(interval, 14 * 24 * HOUR).weekly !== undefined ? 14 * 24 * HOUR : Infinity;
    this.seasonalFrom = startMs + Math.min(dailyAt, weeklyAt);
  }

  /** Starts the level at a robust centre of the warm-up values and the spread at their deviations. */
  seed(values: readonly number[]): void {
    const sorted = Float64Array.from(values).sort();
    const centre = sorted[sorted.length >> 1] as number;
    this.level = centre;
    this.flat = centre;
    for (const v of values) this.scale.push(Math.abs(v - centre));
    this.magnitude = Math.abs(centre);
  }

  private seasonalActive(t: number): boolean {
    return t >= this.seasonalFrom;
  }

  private seasonalPart(t: number): number {
    const d = this.useDaily ? (this.daily[hourOfDay(t)] as number) : 0;
    return d + (this.weekly[weekSlot(t, this.interval.intervalMs)] as number);
  }

  /** The expected value at `t`, from the model currently trusted. */
  expected(t: number): number {
    const seasonal = this.level + this.seasonalPart(t);
    if (this.seasonalActive(t) && this.maeSeasonal < 0.95 * this.maeFlat) return seasonal;
    return this.flat;
  }

  /** Robust standard deviation with a floor relative to the series' magnitude (a flat series has none). */
  sigma(): number {
    const floor = this.options.relativeFloor * this.magnitude + Number.MIN_VALUE * 1e10;
    return Math.max(this.scale.sigma(), floor);
  }

  /** Judges a present value against the expectation; does not learn from it. */
  assess(t: number, x: number): BaselineAssessment {
    const expected = this.expected(t);
    const sigma = this.sigma();
    const bound = Math.max(this.options.zThreshold * sigma, this.options.tailFactor * this.scale.tail());
    const residual = x - expected;
    const anomalous = Math.abs(residual) > bound;
    return {
      residual,
      sigma,
      bound,
      result: {
        verdict: anomalous ? 'anomalous' : 'normal',
        score: boundScore(Math.abs(residual) / bound),
        expected,
        lower: expected - bound,
        upper: expected + bound,
        ...(anomalous ? { direction: residual > 0 ? 'up' : 'down' } : {}),
      },
    };
  }

  /** Learns from a present value; an anomalous one is remembered for re-basing but not learnt. */
  learn(t: number, x: number, anomalous: boolean): void {
    this.recentT[this.recentNext] = t;
    this.recentX[this.recentNext] = x;
    this.recentNext = (this.recentNext + 1) % RECENT;
    this.recentCount = Math.min(RECENT, this.recentCount + 1);
    if (anomalous) return;
    this.seen++;
    const sigma = this.sigma();
    const c = this.options.clip * sigma;
    const seasonalExpected = this.level + this.seasonalPart(t);
    const rs = x - seasonalExpected;
    const rf = x - this.flat;
    const chosen = this.expected(t);
    const rsc = Math.max(-c, Math.min(c, rs));
    const rfc = Math.max(-c, Math.min(c, rf));
    this.level += this.options.levelAlpha * rsc;
    if (this.useDaily) {
      const h = hourOfDay(t);
      this.daily[h] = (this.daily[h] as number) + this.dailyGamma * rsc;
    }
    const w = weekSlot(t, this.interval.intervalMs);
    this.weekly[w] = (this.weekly[w] as number) + this.weeklyGamma * rsc;
    this.flat += this.options.flatAlpha * rfc;
    const beta = this.seen < 100 ? 1 / this.seen : 0.01;
    this.maeSeasonal += beta * (Math.min(Math.abs(rs), 3 * c) - this.maeSeasonal);
    this.maeFlat += beta * (Math.min(Math.abs(rf), 3 * c) - this.maeFlat);
    this.magnitude += 0.01 * (Math.abs(x) - this.magnitude);
    this.scale.push(Math.abs(x - chosen));
  }

  /**
   * A confirmed change of level (or of spread) becomes the new normal: both models move by the
   * median residual of the last `samples` values and the spread restarts from their deviations.
   */
  rebase(samples: number): void {
    const n = Math.min(Math.max(samples, 3), this.recentCount);
    if (n === 0) return;
    const rs: number[] = [];
    const rf: number[] = [];
    for (let k = 1; k <= n; k++) {
      const i = (this.recentNext - k + RECENT) % RECENT;
      const t = this.recentT[i] as number;
      const x = this.recentX[i] as number;
      rs.push(x - (this.level + this.seasonalPart(t)));
      rf.push(x - this.flat);
    }
    const med = (a: number[]) => {
      const s = Float64Array.from(a).sort();
      return s.length % 2
        ? (s[s.length >> 1] as number)
        : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
    };
    const shiftS = med(rs);
    const shiftF = med(rf);
    this.level += shiftS;
    this.flat += shiftF;
    const useSeasonal = this.maeSeasonal < 0.95 * this.maeFlat;
    const deviations = rs.map((r, k) => Math.abs(useSeasonal ? r - shiftS : (rf[k] as number) - shiftF));
    // Only a wider spread replaces the old one: a handful of samples is too few to narrow the band.
    const before = this.scale.sigma();
    const after = 1.4826 * med(deviations);
    if (after > 2 * before) this.scale.clear();
    for (const d of deviations) this.scale.push(d);
    let sum = 0;
    for (let k = 1; k <= n; k++)
      sum += Math.abs(this.recentX[(this.recentNext - k + RECENT) % RECENT] as number);
    this.magnitude = sum / n;
  }
}
