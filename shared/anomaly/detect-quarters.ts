import { boundScore } from '../detect/verdict';
import { DAY_MS, floorHour } from '../lake/utc';
import type { Episode, SeriesRef, SeriesUnit } from './episode';
import type { Replay } from './replay';
import { QUARTER_MS, type QuarterUsage } from './usage-quarters';
import type { UsageCell } from './usage-series';

/** A quarter is early news only at this multiple of its share of the hour's expectation, or more. */
export const QUARTER_MIN_RATIO = 2;
/** Below this many calls in a quarter an error rate says little. */
export const MIN_CALLS_FOR_QUARTER_ERROR_RATE = 20;
/** Below this many calls a quarter is not judged early: one long prompt is not yet a trend (the hour will tell). */
export const MIN_CALLS_FOR_EARLY = 5;
/** A quarter's usual share of its hour is taken as at least this (a quarter that is usually empty). */
const MIN_SHARE = 0.05;
/** A quarter's error rate is about twice as noisy as the hour's (a quarter of the calls). */
const ERROR_RATE_BAND_FACTOR = 2;

/** The hourly replays of one usage series, whose detectors judge the quarters ahead of the hour. */
export interface HourlyReplays {
  cost?: Replay;
  tokens: Replay;
  invocations: Replay;
  errorRate: Replay;
}

interface QuarterJudgement {
  anomalous: boolean;
  /** Departure from the expectation, at the hourly rate (what escalation compares). */
  deviation: number;
  /** The quarter's own expectation (the hour's share). */
  expected: number;
  score: number;
}

const NOT_JUDGED: QuarterJudgement = Object.freeze({
  anomalous: false,
  deviation: 0,
  expected: Number.NaN,
  score: 0,
});

/**
 * Judges a quarter's value, scaled to the hour by the quarter's usual share of it, against the hourly
 * detector's expectation for its hour, learning nothing. A quarter of share `s` scaled by 1/s is
 * noisier than a whole hour by about 1/√s (counts add up), so the band widens by that factor.
 * Rises only: a quarter read before all its logs have landed can only be low, never high, so a
 * rise seen early is real, and dips wait for the complete hour.
 */
function judge(
  replay: Replay,
  hour: number,
  quarterValue: number,
  scale: number,
  bandFactor: number,
): QuarterJudgement {
  const x = quarterValue * scale;
  const peek = replay.peek(hour, x);
  if (!peek || peek.recurring) return NOT_JUDGED;
  const expected = Math.max(0, peek.expected);
  const margin = Math.max(bandFactor * peek.bound, (QUARTER_MIN_RATIO - 1) * expected, 1e-12);
  const deviation = x - expected;
  return {
    anomalous: deviation > margin,
    deviation,
    expected: expected / scale,
    score: boundScore(deviation / margin),
  };
}

/** Scale to the hour and band factor of a quarter with this usual share of its hour. */
const byShare = (share: number | undefined): [number, number] => {
  const s = Math.max(MIN_SHARE, share ?? 0.25);
  return [1 / s, 1 / Math.sqrt(s)];
};

interface Track {
  metric: string;
  unit: SeriesUnit;
  replay: Replay;
  value: (c: UsageCell) => number;
  shares: readonly number[];
}

/**
 * Early incidents from the quarter hours of the hours the hourly series has not judged yet: a quarter
 * far above its share of the seasonal expectation opens the usage (or error-rate) incident within
 * one 15-minute run. Such an episode stays open: once its hour is complete the hourly series takes
 * the incident over (same series key, so one alert), and closes it when the hourly series is normal.
 */
export function earlyQuarterEpisodes(
  q: QuarterUsage,
  replays: HourlyReplays,
  keys: { usage: string; errors: string },
  ref: (metric: string, unit: SeriesUnit, kind?: SeriesRef['kind']) => SeriesRef,
): Episode[] {
  const starts = [...q.quarters.keys()].sort((a, b) => a - b);
  const cells = starts.map((t) => q.quarters.get(t) as UsageCell);
  const tracks: Track[] = [
    // Dollars follow the tokens' split over the hour.
    ...(replays.cost && q.priced
      ? [
          {
            metric: 'estimated_cost',
            unit: 'USD' as const,
            replay: replays.cost,
            value: (c: UsageCell) => c.cost,
            shares: q.shares.tokens,
          },
        ]
      : []),
    {
      metric: 'tokens',
      unit: 'tokens',
      replay: replays.tokens,
      value: (c) => c.tokens,
      shares: q.shares.tokens,
    },
    {
      metric: 'invocations',
      unit: 'invocations',
      replay: replays.invocations,
      value: (c) => c.invocations,
      shares: q.shares.invocations,
    },
  ];
  const quarterOf = (t: number) => Math.floor((t - floorHour(t)) / QUARTER_MS);
  const judged = tracks.map((track) =>
    cells.map((c, i) => {
      const t = starts[i] as number;
      if (c.invocations < MIN_CALLS_FOR_EARLY) return NOT_JUDGED;
      return judge(track.replay, floorHour(t), track.value(c), ...byShare(track.shares[quarterOf(t)]));
    }),
  );
  const out: Episode[] = [];
  const lead = judged.findIndex((js) => js.some((j) => j.anomalous));
  if (lead >= 0) {
    const track = tracks[lead] as Track;
    const js = judged[lead] as QuarterJudgement[];
    const anyAt = (i: number) => judged.some((t) => t[i]?.anomalous === true);
    const first = cells.findIndex((_, i) => anyAt(i));
    let last = first;
    for (let i = first; i < cells.length; i++) if (anyAt(i)) last = i;
    const episode = quarterEpisode(ref(track.metric, track.unit), keys.usage, starts, js, first, last);
    episode.observed = track.value(cells[episodePeak(js)] as UsageCell);
    episode.metrics = tracks.filter((_, k) => judged[k]?.some((j) => j.anomalous)).map((t) => t.metric);
    if (replays.cost && q.priced) {
      const costJs = judged[0] as QuarterJudgement[];
      const excess = (i: number) => {
        const e = costJs[i]?.expected as number;
        return (cells[i] as UsageCell).cost - (Number.isFinite(e) ? e : 0);
      };
      let soFar = 0;
      for (let i = first; i <= last; i++) soFar += excess(i);
      episode.extraCostSoFar = soFar;
      episode.extraCostPerDay = excess(last) * (DAY_MS / QUARTER_MS);
    }
    out.push(episode);
  }
  const rates = cells.map((c) =>
    c.invocations >= MIN_CALLS_FOR_QUARTER_ERROR_RATE ? c.errors / c.invocations : Number.NaN,
  );
  const errorJs = rates.map((r, i) =>
    Number.isFinite(r)
      ? judge(replays.errorRate, floorHour(starts[i] as number), r, 1, ERROR_RATE_BAND_FACTOR)
      : NOT_JUDGED,
  );
  const firstError = errorJs.findIndex((j) => j.anomalous);
  if (firstError >= 0) {
    let lastError = firstError;
    errorJs.forEach((j, i) => {
      if (j.anomalous) lastError = i;
    });
    const e = quarterEpisode(
      ref('error_rate', 'ratio', 'errors'),
      keys.errors,
      starts,
      errorJs,
      firstError,
      lastError,
    );
    e.observed = rates[episodePeak(errorJs)] as number;
    out.push(e);
  }
  return out;
}

/** Index of the anomalous quarter departing most. */
function episodePeak(js: readonly QuarterJudgement[]): number {
  let peak = -1;
  js.forEach((j, i) => {
    if (j.anomalous && (peak < 0 || j.deviation > (js[peak] as QuarterJudgement).deviation)) peak = i;
  });
  return Math.max(peak, 0);
}

function quarterEpisode(
  series: SeriesRef,
  seriesKey: string,
  starts: readonly number[],
  js: readonly QuarterJudgement[],
  first: number,
  last: number,
): Episode {
  const peak = episodePeak(js);
  const p = js[peak] as QuarterJudgement;
  return {
    series,
    seriesKey,
    startedAt: starts[first] as number,
    lastAnomalousAt: starts[last] as number,
    detector: 'seasonal-baseline',
    direction: 'up',
    observed: Number.NaN,
    expected: p.expected,
    peakDeviation: p.deviation,
    score: Math.max(...js.map((j) => (j.anomalous ? j.score : 0))),
    extraCostSoFar: 0,
    extraCostPerDay: 0,
    metrics: [series.metric],
    samplePeriod: 'quarter hour',
  };
}
