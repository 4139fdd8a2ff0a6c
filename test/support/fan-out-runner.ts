import { commitRun } from '../../shared/bedrock/fan-out-commit';
import { finishDayBuild, mergeDayStep, StaleDayError } from '../../shared/bedrock/fan-out-day-merge';
import { type DaySizing, planDayBuild, shuffleDayStep } from '../../shared/bedrock/fan-out-day-plan';
import { changedDays } from '../../shared/bedrock/fan-out-days';
import { type PieceItem, planFanOut } from '../../shared/bedrock/fan-out-plan';
import { getJson, runKeys } from '../../shared/bedrock/fan-out-state';
import type { IngestSummary } from '../../shared/bedrock/run-summary';
import { stagePiece } from '../../shared/bedrock/stage-piece';
import type { HourWindow } from '../../shared/bedrock/window';
import type { AppConfig } from '../../shared/config';
import { mapLimit } from '../../shared/io/map-limit';
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
 * changed days → rebuild each day (a large one in shuffle, merge and finish steps) → commit), each step retried up to `attempts` times; a step that
 * fails every attempt fails the run, as `ToleratedFailureCount: 0` does.
 */
export async function runFanOut(
  deps: { source: ObjectStore; store: ObjectStore; config: AppConfig; clock: Clock },
  request: {
    runId: string;
    window: HourWindow;
    pieceHours: number;
    attempts?: number;
    concurrency?: number;
    /** How days are cut into steps (small values make a test's day large). */
    sizing?: DaySizing;
  },
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
  const day = { ...deps, ...request.sizing, lease: { waitMs: 1_000 } };
  await mapLimit(trace.days, 2, async (dt) => {
    for (;;) {
      const steps = await withRetries(trace, `compact ${dt}`, attempts, () =>
        planDayBuild(day, request.runId, dt),
      );
      if (steps.mergeSteps.length === 0) return;
      await mapLimit(steps.shuffleSteps, 4, (n) =>
        withRetries(trace, `shuffle ${dt} ${n}`, attempts, () => shuffleDayStep(day, request.runId, dt, n)),
      );
      await mapLimit(steps.mergeSteps, 4, (n) =>
        withRetries(trace, `merge ${dt} ${n}`, attempts, () => mergeDayStep(day, request.runId, dt, n)),
      );
      try {
        // As the state machine's Catch: a day re-staged meanwhile is planned again.
        await withRetries(trace, `finish ${dt}`, attempts, () => finishDayBuild(day, request.runId, dt));
        return;
      } catch (error) {
        if (!(error instanceof StaleDayError)) throw error;
      }
    }
  });
  const summary = await withRetries(trace, 'commit', attempts, () => commitRun(deps, request.runId));
  return { summary, trace };
}
