import { createHash } from 'node:crypto';
import type { Direction } from '../detect/verdict';
import type { ObjectStore } from '../ports/object-store';
import { type Episode, ratioOf } from './episode';
import { readState, updateState } from './state-object';

/** What people said about a series: how far it may depart before it counts, and a snooze. */
export interface SeriesFeedback {
  seriesKey: string;
  /**
   * Per direction, the ratio observed/expected (up) or expected/observed (down) within which an
   * episode is not an incident: set by not-anomaly feedback, it widens that series' band.
   */
  tolerance: Partial<Record<Direction, number>>;
  snoozedUntil?: string;
}

/** Not-anomaly feedback widens the band this much past the dismissed departure. */
export const TOLERANCE_MARGIN = 1.25;
const MAX_RATIO = 1e6;

/** Where the feedback of a series lives (a hash: series keys hold untrusted text). */
export function feedbackKey(seriesKey: string): string {
  return `_state/series/${createHash('sha256').update(seriesKey).digest('hex').slice(0, 24)}.json`;
}

/** How far an episode departs from expectation, as a ratio ≥ 1 in its own direction. */
export function departureRatio(e: Pick<Episode, 'observed' | 'expected' | 'direction'>): number {
  const r =
    e.direction === 'up' ? ratioOf(e.observed, e.expected) : ratioOf(e.expected, Math.max(e.observed, 0));
  return Math.min(MAX_RATIO, Number.isFinite(r) ? Math.max(r, 1) : MAX_RATIO);
}

/** True when feedback says this episode is within the series' tolerated band. */
export function tolerated(feedback: SeriesFeedback | undefined, e: Episode): boolean {
  const limit = feedback?.tolerance[e.direction];
  return limit !== undefined && departureRatio(e) <= limit;
}

/** Reads a series' feedback, if any. */
export async function readFeedback(
  store: ObjectStore,
  seriesKey: string,
): Promise<SeriesFeedback | undefined> {
  return (await readState<SeriesFeedback>(store, feedbackKey(seriesKey)))?.value;
}

/** Applies `change` to a series' feedback with a conditional write. */
export async function updateFeedback(
  store: ObjectStore,
  seriesKey: string,
  change: (current: SeriesFeedback) => SeriesFeedback,
): Promise<SeriesFeedback> {
  return (await updateState<SeriesFeedback>(store, feedbackKey(seriesKey), (current) =>
    change(current ?? { seriesKey, tolerance: {} }),
  )) as SeriesFeedback;
}

/** Widens the tolerated band of a series to cover `e` with a margin. */
export function widened(
  feedback: SeriesFeedback,
  e: Pick<Episode, 'observed' | 'expected' | 'direction'>,
): SeriesFeedback {
  const limit = Math.min(MAX_RATIO, departureRatio(e) * TOLERANCE_MARGIN);
  const current = feedback.tolerance[e.direction] ?? 0;
  return { ...feedback, tolerance: { ...feedback.tolerance, [e.direction]: Math.max(current, limit) } };
}
