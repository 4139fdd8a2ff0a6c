import { DAY_MS } from '../lake/utc';
import type { Episode, SeriesRef } from './episode';
import type { RawEpisode } from './replay';

/** The dollars of each sample and what was expected of them, to price an episode. */
export interface CostTrack {
  observed: ArrayLike<number>;
  expected: ArrayLike<number>;
}

/** A stable, readable key for a series: kind, metric group and dimensions in order. */
export function seriesKeyOf(kind: string, dimensions: Readonly<Record<string, string>>): string {
  return [kind, ...Object.entries(dimensions).map(([k, v]) => `${k}=${v}`)].join('|');
}

/**
 * Dates an indexed episode and prices it: the extra dollars so far are the sum of observed minus
 * expected cost over its anomalous samples; per day, the last anomalous sample's excess scaled to 24 h.
 */
export function toEpisode(
  series: SeriesRef,
  seriesKey: string,
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  expected: ArrayLike<number>,
  raw: RawEpisode,
  sampleMs: number,
  cost?: CostTrack,
): Episode {
  const at = (i: number) => timestamps[i] as number;
  const value = (a: ArrayLike<number>, i: number) => {
    const v = a[i] as number;
    return Number.isFinite(v) ? v : 0;
  };
  let soFar = 0;
  if (cost)
    for (let i = raw.start; i <= raw.last; i++) soFar += value(cost.observed, i) - value(cost.expected, i);
  const lastExcess = cost ? value(cost.observed, raw.last) - value(cost.expected, raw.last) : 0;
  return {
    series,
    seriesKey,
    startedAt: at(raw.start),
    lastAnomalousAt: at(raw.last),
    ...(raw.close !== undefined ? { closedAt: at(raw.close) } : {}),
    detector: raw.detector,
    direction: raw.direction,
    observed: value(values, raw.peak),
    expected: value(expected, raw.peak),
    peakDeviation: Math.abs(value(values, raw.peak) - value(expected, raw.peak)),
    score: raw.score,
    extraCostSoFar: soFar,
    extraCostPerDay: lastExcess * (DAY_MS / sampleMs),
    metrics: [series.metric],
  };
}

/**
 * Merges episodes of one series group that overlap or follow within `slackMs` (several metrics of
 * the same usage moving together, or a flapping series) into one: the first listed metric leads.
 */
export function mergeEpisodes(episodes: readonly Episode[], slackMs: number): Episode[] {
  const sorted = [...episodes].sort((a, b) => a.startedAt - b.startedAt);
  const out: Episode[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    const prevEnd = prev ? (prev.closedAt ?? Number.POSITIVE_INFINITY) : Number.NEGATIVE_INFINITY;
    if (!prev || e.startedAt > prevEnd + slackMs) {
      out.push({ ...e, metrics: [...e.metrics] });
      continue;
    }
    const lead = rank(prev, episodes) <= rank(e, episodes) ? prev : e;
    const open = prev.closedAt === undefined || e.closedAt === undefined;
    const merged: Episode = {
      ...lead,
      metrics: [...new Set([...prev.metrics, ...e.metrics])],
      startedAt: Math.min(prev.startedAt, e.startedAt),
      lastAnomalousAt: Math.max(prev.lastAnomalousAt, e.lastAnomalousAt),
      score: Math.max(prev.score, e.score),
      extraCostSoFar:
        lead === prev && prev.series.metric === e.series.metric
          ? prev.extraCostSoFar + e.extraCostSoFar
          : lead.extraCostSoFar,
      extraCostPerDay: e.lastAnomalousAt >= prev.lastAnomalousAt ? e.extraCostPerDay : prev.extraCostPerDay,
    };
    if (open) delete merged.closedAt;
    else merged.closedAt = Math.max(prev.closedAt as number, e.closedAt as number);
    out[out.length - 1] = merged;
  }
  return out;
}

/** Metric priority: the order the caller listed its episodes' metrics in. */
function rank(e: Episode, all: readonly Episode[]): number {
  const order = [...new Set(all.map((x) => x.series.metric))];
  return order.indexOf(e.series.metric);
}
