import { DropToZero } from './drop-to-zero';
import { type IncidentEvent, IncidentTracker } from './incidents';
import { inferInterval, type SamplingInterval } from './interval';
import { LevelShift } from './level-shift';
import { MissingData } from './missing-data';
import { RecurringExcursions } from './recurring';
import { SeasonalBaseline } from './seasonal-baseline';
import type { TimeSeries } from './series';
import type { Verdict } from './verdict';

/** The detectors the production pipeline combines, by registry id. */
export type SeriesDetectorId = 'seasonal-baseline' | 'level-shift' | 'drop-to-zero' | 'missing-data';

/** The outcome for one sample of a series. */
export interface SeriesPoint {
  /** 0..1, the strongest detector's score. */
  score: number;
  /** True where production alerts: an incident opens or escalates here. */
  anomaly: boolean;
  verdict: Verdict;
  event: IncidentEvent;
  /** The detector that found the sample anomalous, if one did. */
  detector?: SeriesDetectorId;
  expected?: number;
}

/** What the model expects at a time it has not seen yet, and how far a value may depart. */
export interface SeriesPeek {
  expected: number;
  /** The band half-width: beyond it a complete sample is anomalous. */
  bound: number;
  /** True when a departure like this one recurs daily at about this hour (a job, not an incident). */
  recurring: boolean;
}

/** Samples with a value needed before any verdict: the interval and a first spread come from them. */
export const WARM_UP_SAMPLES = 32;

const HOUR = 3_600_000;
/** Of the last FLAG_WINDOW samples, this many anomalous ones make a new regime (it becomes normal). */
const FLAG_WINDOW = 12;
const FLAGS_FOR_REGIME = 9;

/**
 * The production detection for one series, online: push samples in time order, get each sample's
 * outcome from that sample and the ones before it only (no look-ahead). The first `WARM_UP_SAMPLES`
 * present samples are not-applicable; the interval is inferred from them once and kept.
 */
export class SeriesDetector {
  private readonly warmT: number[] = [];
  private readonly warmX: number[] = [];
  private readonly warmPresentT: number[] = [];
  private baseline: SeasonalBaseline | undefined;
  private readonly shift = new LevelShift();
  private readonly zero = new DropToZero();
  private readonly missing = new MissingData();
  /** Daily bursts (jobs at about the same hour every day); only for regular sub-daily sampling. */
  private recurring: RecurringExcursions | undefined;
  private incidents: IncidentTracker | undefined;
  private interval: SamplingInterval | undefined;
  private readonly flags = new Uint8Array(FLAG_WINDOW);
  private flagNext = 0;
  private flagCount = 0;
  private lastExpected = Number.NaN;

  /** The interval inferred at the end of warm-up. */
  get samplingInterval(): SamplingInterval | undefined {
    return this.interval;
  }

  push(t: number, x: number): SeriesPoint {
    const present = Number.isFinite(x);
    const gap = this.missing.step(x);
    if (!this.baseline) {
      if (present) this.zero.step(x, Number.NaN, 0);
      this.warmT.push(t);
      if (present) {
        this.warmX.push(x);
        this.warmPresentT.push(t);
      }
      if (this.warmX.length >= WARM_UP_SAMPLES) this.start(t);
      return { score: 0, anomaly: false, verdict: 'not-applicable', event: 'none' };
    }
    const incidents = this.incidents as IncidentTracker;
    if (!present) {
      const anomalous = gap.verdict === 'anomalous';
      const event = incidents.step({
        anomalous,
        value: x,
        expected: this.lastExpected,
        bound: 0,
        direction: 'down',
      });
      return this.point(
        gap.score,
        gap.verdict,
        event,
        anomalous ? 'missing-data' : undefined,
        this.lastExpected,
      );
    }
    const baseline = this.baseline;
    const a = baseline.assess(t, x);
    const expected = a.result.expected as number;
    this.lastExpected = expected;
    const dz = this.zero.step(x, expected, a.bound);
    const outOfBand = a.result.verdict === 'anomalous';
    // An excursion seen at about this hour on earlier days, about as large, is a daily job: expected,
    // yet not learnt (it must not widen the band or move the level for the rest of the day).
    const recurring = outOfBand && this.recurring?.expected(t, a.residual) === true;
    if (outOfBand) this.recurring?.record(t, a.residual);
    const spike = outOfBand && !recurring;
    const dropped = dz.verdict === 'anomalous';
    // The shift detector sees only in-band samples: out-of-band ones are the baseline's to report,
    // and a run of them becomes the new normal through adapt(); a spike must not look like a shift.
    const ls = this.shift.step(outOfBand || dropped ? Number.NaN : a.residual / a.sigma);
    baseline.learn(t, x, outOfBand || dropped, expected);
    const detector: SeriesDetectorId | undefined = dropped
      ? 'drop-to-zero'
      : spike
        ? 'seasonal-baseline'
        : ls.verdict === 'anomalous'
          ? 'level-shift'
          : undefined;
    const direction = dropped ? 'down' : spike ? a.result.direction : ls.direction;
    const event = incidents.step({
      anomalous: detector !== undefined,
      direction,
      value: x,
      expected,
      bound: a.bound,
    });
    this.adapt(spike || dropped, ls.verdict === 'anomalous');
    const score = Math.max(recurring ? Math.min(a.result.score, 0.49) : a.result.score, ls.score, dz.score);
    return this.point(score, detector ? 'anomalous' : 'normal', event, detector, expected);
  }

  /**
   * Judges `x` at `t` against the model as it stands, learning nothing: an early look at a sample
   * still accumulating (a quarter of an hour scaled to the hour). Undefined during warm-up.
   */
  peek(t: number, x: number): SeriesPeek | undefined {
    if (!this.baseline || !Number.isFinite(x)) return undefined;
    const a = this.baseline.assess(t, x);
    return {
      expected: a.result.expected as number,
      bound: a.bound,
      recurring: a.result.verdict === 'anomalous' && this.recurring?.expected(t, a.residual) === true,
    };
  }

  /** A confirmed shift, or a run of anomalous samples, becomes the new normal. */
  private adapt(flagged: boolean, shifted: boolean): void {
    const baseline = this.baseline as SeasonalBaseline;
    if (this.flagCount === FLAG_WINDOW) this.flagCount -= this.flags[this.flagNext] as number;
    this.flags[this.flagNext] = flagged ? 1 : 0;
    this.flagNext = (this.flagNext + 1) % FLAG_WINDOW;
    let sum = 0;
    for (const f of this.flags) sum += f;
    this.flagCount = sum;
    if (shifted) {
      baseline.rebase(this.shift.run);
      this.flags.fill(0);
    } else if (sum >= FLAGS_FOR_REGIME) {
      baseline.rebase(FLAG_WINDOW);
      this.shift.reset();
      this.flags.fill(0);
    }
  }

  private start(t: number): void {
    const interval = inferInterval(this.warmT) ?? { intervalMs: HOUR, regular: false };
    this.interval = interval;
    const baseline = new SeasonalBaseline(interval);
    baseline.seed(this.warmX);
    // Replay warm-up through the model so the profile starts learning at once (no verdicts yet).
    this.warmX.forEach((x, i) => {
      baseline.learn(this.warmPresentT[i] as number, x, false);
    });
    this.baseline = baseline;
    if (interval.regular && interval.intervalMs <= HOUR) this.recurring = new RecurringExcursions();
    const closeAfter = Math.min(24, Math.max(3, Math.round((6 * HOUR) / interval.intervalMs)));
    this.incidents = new IncidentTracker({ escalateFactor: 2, closeAfter });
    this.lastExpected = baseline.expected(t);
  }

  private point(
    score: number,
    verdict: Verdict,
    event: IncidentEvent,
    detector: SeriesDetectorId | undefined,
    expected: number,
  ): SeriesPoint {
    const point: SeriesPoint = {
      score: Math.min(1, Math.max(0, score)),
      anomaly: event === 'open' || event === 'escalate',
      verdict,
      event,
    };
    if (detector) point.detector = detector;
    if (Number.isFinite(expected)) point.expected = expected;
    return point;
  }
}

/** Runs the production detection over a whole series (a pure function of it). */
export function detectSeries(series: TimeSeries): SeriesPoint[] {
  const detector = new SeriesDetector();
  const out: SeriesPoint[] = [];
  for (let i = 0; i < series.timestamps.length; i++) {
    out.push(detector.push(series.timestamps[i] as number, series.values[i] as number));
  }
  return out;
}
