import type { ObjectStore } from '../ports/object-store';
import type { AlertKind } from './episode';
import { readState, updateState } from './state-object';
import type { DetectionWindow } from './window';

/**
 * Series families whose data changes hourly or slower: `gpu_hourly` (the GPU ingest runs hourly)
 * and `cost_daily` (daily). A quarter-hour run between two hourly ones would read the same hours
 * and judge them the same way, at an Athena query (10 MB minimum) each.
 */
export const SLOW_KINDS: readonly AlertKind[] = ['gpu-idle', 'billed-cost'];

/**
 * When a run reads the slow families: `always` (the CLI, the demo, replays with `--at`), or
 * `hourly` (the scheduled checks): once per complete hour, by the first run that sees it.
 */
export type SlowReads = 'always' | 'hourly';

/** Where the scheduled checks keep the last complete hour the slow families were judged up to. */
export const SLOW_READS_KEY = '_state/anomaly/slow-reads.json';

interface SlowReadsState {
  /** ISO time: hourly samples before this have been judged. */
  judgedBefore: string;
}

/**
 * Whether this run reads the slow families. Hourly: when no run has judged them up to this run's
 * `completeBefore` yet, so each new complete hour is judged by exactly one run, the first to see it,
 * and a missed run leaves no gap (the next one finds the hour unjudged). A replay of an earlier
 * time in hourly mode reads nothing slow: those hours were judged.
 */
export async function slowReadsDue(
  store: ObjectStore,
  window: DetectionWindow,
  mode: SlowReads,
): Promise<boolean> {
  if (mode === 'always') return true;
  const state = await readState<SlowReadsState>(store, SLOW_READS_KEY);
  if (!state) return true;
  const judged = Date.parse(state.value.judgedBefore);
  return !(judged >= window.completeBefore);
}

/** Records that the slow families are judged up to `completeBefore` (never moving it back). */
export async function markSlowReads(store: ObjectStore, window: DetectionWindow): Promise<void> {
  await updateState<SlowReadsState>(store, SLOW_READS_KEY, (current) =>
    current && Date.parse(current.judgedBefore) >= window.completeBefore
      ? undefined
      : { judgedBefore: new Date(window.completeBefore).toISOString() },
  );
}
