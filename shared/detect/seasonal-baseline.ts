import type { SamplingInterval } from './interval';
import { RobustScale } from './robust-scale';
import { hourOfDay, weekSlot } from './seasonality';
import { SlotProfile } from './slot-profile';
import { boundScore, type DetectorResult } from './verdict';

/** Tuning of the seasonal robust baseline; the defaults are what the benchmark chose. */
export interface SeasonalBaselineOptions {
  /** Bound in robust standard deviations of the recent residuals. */
  zThreshold: number;
  /** Bound as a multiple of the 99th percentile of recent normal |residuals| (heavy tails). */
  tailFactor: number;
  /** Level smoothing per sample: of the seasonal models, and of the flat model. */
  levelAlpha: number;
  flatAlpha: number;
  /** Residuals are clipped at this many standard deviations before they move a level (Huber). */
  clip: number;
  /** Smallest spread, relative to the typical magnitude of the series (flat series). */
  relativeFloor: number;
  /** A richer model is used only when its recent error is below this share of the simpler one's. */
  preferSimpler: number;
}

export const DEFAULT_SEASONAL_OPTIONS: SeasonalBaselineOptions = {
  zThreshold: 5,
  tailFactor: 2,
  levelAlpha: 0.05,
  flatAlpha: 0.1,
  clip: 2,
  relativeFloor: 1e-3,
  preferSimpler: 0.9,
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
const DAY = 24 * HOUR;
const RECENT = 64;
const FLAT = 0;
const DAILY = 1;
const WEEKLY = 2;

/**
 * Seasonal robust baseline, online. Three models run side by side on every sample:
 * flat (a level), daily (a level + the median of the same hour over the last 7 days) and weekly
 * (a level + the median of the same hour and weekday over the last 4 weeks). Profiles store values
 * relative to their level, so a confirmed level change moves the level and keeps the shape. Points
 * judged anomalous update nothing: past anomalies do not leak into the expectation. The model with
 * the lowest recent error is used (a richer one only when clearly better), so a series without a
 * calendar pattern is not forced into one, and a cycle is used only once its slots have history.
 * The bound is the larger of `zThreshold` robust standard deviations and `tailFactor` × the 99th
 * percentile of recent normal residuals.
 */
export class SeasonalBaseline {
  private readonly scale = new RobustScale();
  private readonly daily: SlotProfile | undefined;
  private readonly weekly: SlotProfile;
  private readonly levels = new Float64Array(3);
  private readonly mae = new Float64Array(3);
  private readonly seen = new Float64Array(3);
  private magnitude = 0;
  private readonly recentT = new Float64Array(RECENT);
  private readonly recentX = new Float64Array(RECENT);
  private recentNext = 0;
  private recentCount = 0;
  // The slots of the last timestamp looked at: every sample asks for them several times.
  private slotT = Number.NaN;
  private hourSlot = 0;
  private weekSlotAt = 0;

  constructor(
    private readonly interval: SamplingInterval,
    private readonly options: SeasonalBaselineOptions = DEFAULT_SEASONAL_OPTIONS,
  ) {
    const perSlot = Math.max(1, Math.round(HOUR / interval.intervalMs));
    if (interval.regular && interval.intervalMs <= 6 * HOUR)
      this.daily = new SlotProfile(24, Math.min(96, 7 * perSlot));
    this.weekly = new SlotProfile(interval.intervalMs >= DAY ? 7 : 168, Math.min(64, 4 * perSlot));
  }

  /** Starts every level at a robust centre of the warm-up values and the spread at their deviations. */
  seed(values: readonly number[]): void {
    const sorted = Float64Array.from(values).sort();
    const centre = sorted[sorted.length >> 1] as number;
    this.levels.fill(centre);
    for (const v of values) this.scale.push(Math.abs(v - centre));
    this.magnitude = Math.abs(centre);
  }

  private slotsAt(t: number): void {
    if (t === this.slotT) return;
    this.slotT = t;
    this.hourSlot = hourOfDay(t);
    this.weekSlotAt = weekSlot(t, this.interval.intervalMs);
  }

  /** The expectation of one model at `t`, NaN when that model has no history for the slot. */
  private modelExpected(model: number, t: number): number {
    if (model === FLAT) return this.levels[FLAT] as number;
    const profile = model === DAILY ? this.daily : this.weekly;
    if (!profile || !this.interval.regular) return Number.NaN;
    this.slotsAt(t);
    const slot = model === DAILY ? this.hourSlot : this.weekSlotAt;
    // A week-old visit already says more than no visit (the second weekend is no surprise); a day
    // needs two, since the daily model competes with the flat one from the first day.
    if (profile.size(slot) < (model === DAILY ? 2 : 1)) return Number.NaN;
    return (this.levels[model] as number) + profile.median(slot);
  }

  private chosen(t: number): number {
    let best = FLAT;
    for (let model = DAILY; model <= WEEKLY; model++) {
      if ((this.seen[model] as number) < 24 || Number.isNaN(this.modelExpected(model, t))) continue;
      if ((this.mae[model] as number) < this.options.preferSimpler * (this.mae[best] as number)) best = model;
    }
    return best;
  }

  /** The expected value at `t`, from the model currently trusted. */
  expected(t: number): number {
    return this.modelExpected(this.chosen(t), t);
  }

  /** Robust standard deviation with a floor relative to the series' magnitude (a flat series has none). */
  sigma(): number {
    return Math.max(this.scale.sigma(), this.options.relativeFloor * this.magnitude, 1e-12);
  }

  /**
   * The expectation that best explains `x` among the trusted model and the richer ones that have
   * history here: a value is anomalous only when none of them expects it. This is what keeps the
   * second weekend quiet before the weekly model has won on error (it has, by then, one visit).
   */
  explaining(t: number, x: number): number {
    const chosen = this.chosen(t);
    let best = this.modelExpected(chosen, t);
    for (let model = chosen + 1; model <= WEEKLY; model++) {
      const e = this.modelExpected(model, t);
      if (!Number.isNaN(e) && Math.abs(x - e) < Math.abs(x - best)) best = e;
    }
    return best;
  }

  /** Judges a present value against the expectation; does not learn from it. */
  assess(t: number, x: number): BaselineAssessment {
    const expected = this.explaining(t, x);
    const sigma = this.sigma();
    const bound = Math.max(this.options.zThreshold * sigma, this.options.tailFactor * this.scale.tail());
    const residual = x - expected;
    const anomalous = Math.abs(residual) > bound;
    const result: DetectorResult = {
      verdict: anomalous ? 'anomalous' : 'normal',
      score: boundScore(Math.abs(residual) / bound),
      expected,
      lower: expected - bound,
      upper: expected + bound,
    };
    if (anomalous) result.direction = residual > 0 ? 'up' : 'down';
    return { residual, sigma, bound, result };
  }

  /**
   * Learns from a present value; an anomalous one is remembered for re-basing but not learnt.
   * `explained` is assess()'s expectation for this value, when the caller has it (saves a lookup).
   */
  learn(t: number, x: number, anomalous: boolean, explained?: number): void {
    this.recentT[this.recentNext] = t;
    this.recentX[this.recentNext] = x;
    this.recentNext = (this.recentNext + 1) % RECENT;
    this.recentCount = Math.min(RECENT, this.recentCount + 1);
    if (anomalous) return;
    const c = this.options.clip * this.sigma();
    const chosen = explained ?? this.explaining(t, x);
    this.slotsAt(t);
    for (let model = FLAT; model <= WEEKLY; model++) {
      const level = this.levels[model] as number;
      const e = this.modelExpected(model, t);
      if (!Number.isNaN(e)) {
        const r = x - e;
        const n = (this.seen[model] as number) + 1;
        this.seen[model] = n;
        const beta = n < 100 ? 1 / n : 0.01;
        this.mae[model] =
          (this.mae[model] as number) + beta * (Math.min(Math.abs(r), 3 * c) - (this.mae[model] as number));
        const alpha = model === FLAT ? this.options.flatAlpha : this.options.levelAlpha;
        this.levels[model] = level + alpha * Math.max(-c, Math.min(c, r));
      }
      if (model === DAILY) this.daily?.push(this.hourSlot, x - level);
      if (model === WEEKLY) this.weekly.push(this.weekSlotAt, x - level);
    }
    this.magnitude += 0.01 * (Math.abs(x) - this.magnitude);
    this.scale.push(Math.abs(x - chosen));
  }

  /**
   * A confirmed change of level (or of spread) becomes the new normal: every model's level moves by
   * its median residual over the last `samples` values, and a wider spread replaces the old one.
   */
  rebase(samples: number): void {
    const n = Math.min(Math.max(samples, 3), this.recentCount);
    if (n === 0) return;
    const at = (k: number) => (this.recentNext - 1 - k + RECENT) % RECENT;
    const lastT = this.recentT[at(0)] as number;
    const chosenModel = this.chosen(lastT);
    let deviations: number[] = [];
    for (let model = FLAT; model <= WEEKLY; model++) {
      const residuals: number[] = [];
      for (let k = 0; k < n; k++) {
        const e = this.modelExpected(model, this.recentT[at(k)] as number);
        if (!Number.isNaN(e)) residuals.push((this.recentX[at(k)] as number) - e);
      }
      if (residuals.length === 0) continue;
      const shift = median(residuals);
      this.levels[model] = (this.levels[model] as number) + shift;
      if (model === chosenModel) deviations = residuals.map((r) => Math.abs(r - shift));
    }
    // Only a wider spread replaces the old one: a handful of samples is too few to narrow the band.
    if (deviations.length > 0 && 1.4826 * median(deviations) > 2 * this.scale.sigma()) this.scale.clear();
    for (const d of deviations) this.scale.push(d);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += Math.abs(this.recentX[at(k)] as number);
    this.magnitude = sum / n;
  }
}

function median(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
