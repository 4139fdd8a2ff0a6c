import { boundScore, type DetectorResult, NOT_APPLICABLE } from './verdict';

/** Tuning of the level-shift / trend detector. */
export interface LevelShiftOptions {
  /** Slack per sample, in standard deviations: drifts smaller than this are ignored. */
  slack: number;
  /** Decision threshold on the cumulative sum, in standard deviations. */
  threshold: number;
  /** Standardised residuals are capped here, so one spike cannot make a shift on its own. */
  cap: number;
  /** A shift needs this many samples since the sum left zero… */
  minRun: number;
  /** …whose 40th percentile standardised residual is at least this (sustained, not a blip). */
  minMedian: number;
}

export const DEFAULT_LEVEL_SHIFT_OPTIONS: LevelShiftOptions = {
  slack: 1,
  threshold: 10,
  cap: 6,
  minRun: 6,
  minMedian: 1.5,
};

const MAX_RUN = 64;

/**
 * Two-sided CUSUM over the baseline's standardised residuals (residual / robust sigma). It catches
 * sustained run-ups, drops and ramps whose single points stay inside the baseline's band. It fires
 * once per departure; `run` then tells how many samples the departure has lasted, so the caller can
 * re-base the baseline on them (the new level becomes normal).
 */
export class LevelShift {
  private up = 0;
  private down = 0;
  private readonly upRun: number[] = [];
  private readonly downRun: number[] = [];

  constructor(private readonly options: LevelShiftOptions = DEFAULT_LEVEL_SHIFT_OPTIONS) {}

  /** Samples in the departure that fired last. */
  run = 0;

  /** Feeds one standardised residual; NaN (a gap) is skipped. */
  step(z: number): DetectorResult {
    if (!Number.isFinite(z)) return NOT_APPLICABLE;
    const o = this.options;
    const capped = Math.max(-o.cap, Math.min(o.cap, z));
    this.up = Math.max(0, this.up + capped - o.slack);
    this.down = Math.max(0, this.down - capped - o.slack);
    track(this.upRun, this.up, capped);
    track(this.downRun, this.down, -capped);
    const fired = this.fires(this.up, this.upRun)
      ? 'up'
      : this.fires(this.down, this.downRun)
        ? 'down'
        : undefined;
    const score = boundScore(Math.max(this.up, this.down) / o.threshold);
    if (!fired) return { verdict: 'normal', score: Math.min(score, 0.49) };
    this.run = fired === 'up' ? this.upRun.length : this.downRun.length;
    this.reset();
    return { verdict: 'anomalous', score: Math.max(score, 0.5), direction: fired };
  }

  /** Starts over (after the baseline was re-based for another reason). */
  reset(): void {
    this.up = 0;
    this.down = 0;
    this.upRun.length = 0;
    this.downRun.length = 0;
  }

  private fires(sum: number, run: number[]): boolean {
    if (sum <= this.options.threshold || run.length < this.options.minRun) return false;
    const sorted = Float64Array.from(run).sort();
    // A low quantile rather than the median: three big points and three normal ones are a blip.
    return (sorted[Math.floor(0.4 * sorted.length)] as number) >= this.options.minMedian;
  }
}

/** Keeps the residuals since the sum last left zero (bounded: a long drift keeps its latest part). */
function track(run: number[], sum: number, z: number): void {
  if (sum === 0) {
    run.length = 0;
    return;
  }
  run.push(z);
  if (run.length > MAX_RUN) run.shift();
}
