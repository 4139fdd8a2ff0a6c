import { commitRun } from '../../shared/bedrock/fan-out-commit';
import { changedDays, compactRunDay } from '../../shared/bedrock/fan-out-days';
import { type PieceItem, planFanOut } from '../../shared/bedrock/fan-out-plan';
import { getJson, mapLimit, runKeys } from '../../shared/bedrock/fan-out-state';
import type { IngestSummary } from '../../shared/bedrock/run-summary';
import { stagePiece } from '../../shared/bedrock/stage-piece';
import type { HourWindow } from '../../shared/bedrock/window';
import type { AppConfig } from '../../shared/config';
import type { Clock, ObjectStore } from '../../shared/ports';

/** What the emulated state machine did: attempts that failed, per step. */
export interface FanOutTrace {
  failedAttempts: { step: string; error: string }[];
  pieces: number;
  days: string[];
}

/** The state machine's retry policy on a task: `attempts` tries in all, then the run fails. */
async function withRetries<T>(
  trace: FanOutTrace,
  step: string,
  attempts: number,
  work: () => Promise<T>,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      trace.failedAttempts.push({ step, error: error instanceof Error ? error.message : String(error) });
      if (i >= attempts) throw error;
    }
  }
}

/**
 * Runs the fan-out's steps as the state machine does (plan → stage every piece, a few at once →
 * changed days → rebuild each day → commit), each step retried up to `attempts` times; a step that
 * fails every attempt fails the run, as `ToleratedFailureCount: 0` does.
 */
export async function runFanOut(
  deps: { source: ObjectStore; store: ObjectStore; config: AppConfig; clock: Clock },
  request: { runId: string; window: HourWindow; pieceHours: number; attempts?: number; concurrency?: number },
): Promise<{ summary: IngestSummary | undefined; trace: FanOutTrace }> {
  const attempts = request.attempts ?? 3;
  const trace: FanOutTrace = { failedAttempts: [], pieces: 0, days: [] };
  const plan = await withRetries(trace, 'plan', attempts, () =>
    planFanOut(deps, { runId: request.runId, window: request.window, pieceHours: request.pieceHours }),
  );
  trace.pieces = plan.pieces;
  const items = (await getJson<PieceItem[]>(deps.store, runKeys(request.runId).items)) ?? [];
  await mapLimit(items, request.concurrency ?? 4, (item) =>
    withRetries(trace, `stage ${item.piece}`, attempts, () => stagePiece(deps, item)),
  );
  trace.days = await withRetries(trace, 'days', attempts, () => changedDays(deps.store, request.runId));
  await mapLimit(trace.days, 2, (dt) =>
    withRetries(trace, `compact ${dt}`, attempts, () =>
      compactRunDay({ ...deps, lease: { waitMs: 1_000 } }, request.runId, dt),
    ),
  );
  const summary = await withRetries(trace, 'commit', attempts, () => commitRun(deps, request.runId));
  return { summary, trace };
}
