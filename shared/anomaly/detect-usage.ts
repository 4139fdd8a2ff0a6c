import { DAY_MS, HOUR_MS } from '../lake/utc';
import { earlyQuarterEpisodes } from './detect-quarters';
import type { Episode, SeriesRef, SeriesUnit } from './episode';
import { replaySeries } from './replay';
import { type CostTrack, mergeEpisodes, seriesKeyOf, toEpisode } from './to-episode';
import type { QuarterUsage } from './usage-quarters';
import type { UsageSeries } from './usage-series';

/** Below this many calls an hour an error rate says little: such hours are gaps for it. */
export const MIN_CALLS_FOR_ERROR_RATE = 20;
/** Episodes this close together are one incident (flapping, or metrics moving together). */
export const MERGE_SLACK_MS = 3 * HOUR_MS;

/**
 * Detects on each usage series separately (so changes that cancel out across teams cannot hide
 * one team's spike): estimated cost, tokens and invocations form one `usage` incident per series
 * (cost leads when priced); the error rate its own `errors` incident. With the quarter hours of
 * the hours not yet complete, a quarter far above its share of the expectation opens the incident
 * early, unless the hourly series has it open already.
 */
export function detectUsage(series: UsageSeries, quarters?: QuarterUsage): Episode[] {
  const dims = series.dimensions;
  const key = seriesKeyOf('usage', dims);
  const cost = series.priced ? replaySeries(series.timestamps, series.estimatedCost) : undefined;
  const track: CostTrack | undefined = cost
    ? { observed: series.estimatedCost, expected: cost.expected }
    : undefined;
  const ref = (metric: string, unit: SeriesUnit, kind: SeriesRef['kind'] = 'usage'): SeriesRef => ({
    kind,
    metric,
    unit,
    dimensions: dims,
  });
  const usage: Episode[] = [];
  const add = (
    metric: string,
    unit: SeriesUnit,
    values: Float64Array,
    replay = replaySeries(series.timestamps, values),
  ) => {
    for (const raw of replay.episodes) {
      usage.push(
        toEpisode(ref(metric, unit), key, series.timestamps, values, replay.expected, raw, HOUR_MS, track),
      );
    }
  };
  if (cost) add('estimated_cost', 'USD', series.estimatedCost, cost);
  const tokens = replaySeries(series.timestamps, series.tokens);
  add('tokens', 'tokens', series.tokens, tokens);
  const invocations = replaySeries(series.timestamps, series.invocations);
  add('invocations', 'invocations', series.invocations, invocations);
  const merged = mergeEpisodes(usage, MERGE_SLACK_MS).map((e) => (track ? repriced(e, series, track) : e));

  const rate = new Float64Array(series.invocations.length);
  for (let i = 0; i < rate.length; i++) {
    const calls = series.invocations[i] as number;
    rate[i] = calls >= MIN_CALLS_FOR_ERROR_RATE ? (series.errors[i] as number) / calls : Number.NaN;
  }
  const errorReplay = replaySeries(series.timestamps, rate);
  const errors = errorReplay.episodes
    // A falling error rate is good news, not an incident.
    .filter((raw) => raw.direction === 'up')
    .map((raw) =>
      toEpisode(
        ref('error_rate', 'ratio', 'errors'),
        seriesKeyOf('errors', dims),
        series.timestamps,
        rate,
        errorReplay.expected,
        raw,
        HOUR_MS,
      ),
    );
  const errorEpisodes = mergeEpisodes(errors, MERGE_SLACK_MS);
  if (!quarters || quarters.quarters.size === 0) return [...merged, ...errorEpisodes];
  const early = earlyQuarterEpisodes(
    quarters,
    { ...(cost ? { cost } : {}), tokens, invocations, errorRate: errorReplay },
    { usage: key, errors: seriesKeyOf('errors', dims) },
    ref,
  );
  // An incident the hourly series has open goes on there: the quarters add nothing new.
  const openHere = new Set(
    [...merged, ...errorEpisodes].filter((e) => e.closedAt === undefined).map((e) => e.seriesKey),
  );
  return [...merged, ...errorEpisodes, ...early.filter((e) => !openHere.has(e.seriesKey))];
}

/** The merged episode's dollars over its whole span, from the cost track. */
function repriced(e: Episode, series: UsageSeries, track: CostTrack): Episode {
  const first = Math.round((e.startedAt - (series.timestamps[0] as number)) / HOUR_MS);
  const last = Math.round((e.lastAnomalousAt - (series.timestamps[0] as number)) / HOUR_MS);
  const v = (a: ArrayLike<number>, i: number) => (Number.isFinite(a[i] as number) ? (a[i] as number) : 0);
  let soFar = 0;
  for (let i = first; i <= last; i++) soFar += v(track.observed, i) - v(track.expected, i);
  const perDay = (v(track.observed, last) - v(track.expected, last)) * (DAY_MS / HOUR_MS);
  return { ...e, extraCostSoFar: soFar, extraCostPerDay: perDay };
}
