import type { DetectorId } from '../detect/registry';
import { SeriesDetector, type SeriesPeek } from '../detect/series-detector';
import type { Direction } from '../detect/verdict';

/** An anomalous stretch by sample index (see `Episode` for the dated form). */
export interface RawEpisode {
  start: number;
  last: number;
  /** Index of the sample that closed it; undefined while open. */
  close?: number;
  detector: DetectorId;
  direction: Direction;
  /** Index of the sample departing most from its expectation. */
  peak: number;
  score: number;
}

/** What replaying a series gives: its episodes and each sample's expectation (NaN where none). */
export interface Replay {
  episodes: RawEpisode[];
  expected: Float64Array;
  /** The detector's view of a later time after the last sample, learning nothing (see `SeriesDetector.peek`). */
  peek: (t: number, x: number) => SeriesPeek | undefined;
}

/**
 * Replays the production detector over a whole series, sample by sample (no look-ahead), and
 * collects its incidents as episodes: opened by the detector's `open`, closed by its `close`.
 * A pure function of the series, so every run over the same data finds the same episodes.
 */
export function replaySeries(timestamps: ArrayLike<number>, values: ArrayLike<number>): Replay {
  const detector = new SeriesDetector();
  const expected = new Float64Array(values.length).fill(Number.NaN);
  const episodes: RawEpisode[] = [];
  let current: RawEpisode | undefined;
  let peakDeviation = -1;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const point = detector.push(timestamps[i] as number, x);
    if (point.expected !== undefined) expected[i] = point.expected;
    if (point.event === 'open') {
      if (current) episodes.push({ ...current, close: i });
      current = {
        start: i,
        last: i,
        detector: point.detector ?? 'seasonal-baseline',
        direction: !Number.isFinite(x) || x < (point.expected ?? 0) ? 'down' : 'up',
        peak: i,
        score: point.score,
      };
      peakDeviation = -1;
    }
    if (!current) continue;
    if (point.verdict === 'anomalous') {
      current.last = i;
      current.score = Math.max(current.score, point.score);
      const deviation = Math.abs((Number.isFinite(x) ? x : 0) - (point.expected ?? 0));
      if (deviation > peakDeviation) {
        peakDeviation = deviation;
        current.peak = i;
      }
    }
    if (point.event === 'close') {
      episodes.push({ ...current, close: i });
      current = undefined;
    }
  }
  if (current) episodes.push(current);
  return { episodes, expected, peek: (t, x) => detector.peek(t, x) };
}
