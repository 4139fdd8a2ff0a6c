import type { IngestEvent } from './event';

/**
 * A step of a fanned-out run, sent by the state machine (`runId` is the execution's name):
 * `plan` cuts the window into pieces, `stage` stages one, `days` lists the days they changed,
 * `commit` marks the units done and reports the run. A day is rebuilt by `day` (plans it, and
 * rebuilds a small one at once), then for a large one `shuffle` and `merge` steps (the plan's
 * numbers) and `finish` (writes the day under its lease).
 */
export type PieceEvent =
  | {
      action: 'plan';
      runId: string;
      /** The execution's input: the schedule's `{ time }` or a backfill's `{ from, to, force, pieceHours }`. */
      request?: FanOutRequest;
    }
  | { action: 'stage'; runId: string; piece: number }
  | { action: 'days'; runId: string }
  | { action: 'day'; runId: string; dt: string }
  | { action: 'shuffle'; runId: string; dt: string; step: number }
  | { action: 'merge'; runId: string; dt: string; step: number }
  | { action: 'finish'; runId: string; dt: string }
  | { action: 'commit'; runId: string };

/** What starts a fanned-out run: a whole run's event, and optionally the hours per piece (default `ingest.fanOut.pieceHours`). */
export type FanOutRequest = Pick<IngestEvent, 'time' | 'from' | 'to' | 'force' | 'window'> & {
  pieceHours?: number;
};

/** The actions a step may name. */
export const PIECE_ACTIONS = [
  'plan',
  'stage',
  'days',
  'day',
  'shuffle',
  'merge',
  'finish',
  'commit',
] as const;

/** Whether the event is a step of a fanned-out run (it names an action) rather than a whole run. */
export function isPieceEvent(event: unknown): event is PieceEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof (event as { action?: unknown }).action === 'string' &&
    (PIECE_ACTIONS as readonly string[]).includes((event as { action: string }).action)
  );
}
