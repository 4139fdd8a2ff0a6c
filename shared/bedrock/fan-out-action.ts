import type { AppConfig } from '../config';
import type { Clock, ModelResolver, ObjectStore } from '../ports';
import { commitRun } from './fan-out-commit';
import { finishDayBuild, mergeDayStep } from './fan-out-day-merge';
import { planDayBuild, shuffleDayStep } from './fan-out-day-plan';
import { changedDays } from './fan-out-days';
import { planFanOut } from './fan-out-plan';
import type { IngestSummary } from './run-summary';
import { stagePiece } from './stage-piece';
import type { HourWindow } from './window';

/** What a step returns to the state machine: always small (the payload limit is 256 KB). */
export type FanOutResult = Record<string, string | number | string[] | number[]>;

/** The stores, settings and clock every step of a fanned-out run uses. */
export interface FanOutDeps {
  source: ObjectStore;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  resolver: ModelResolver;
}

/** Where the Distributed Map's ItemReader reads the plan's items: the store's bucket and key. */
export type ItemsAt = (key: string) => { itemsBucket: string; itemsKey: string };

/**
 * One step of a fanned-out run other than the commit, as the core runs it: `plan` carries the
 * window already resolved from the execution's input, and optionally its hours per piece and force.
 */
export type FanOutAction =
  | { action: 'plan'; runId: string; window: HourWindow | undefined; pieceHours?: number; force?: boolean }
  | { action: 'stage'; runId: string; piece: number }
  | { action: 'days'; runId: string }
  | { action: 'day'; runId: string; dt: string }
  | { action: 'shuffle'; runId: string; dt: string; step: number }
  | { action: 'merge'; runId: string; dt: string; step: number }
  | { action: 'finish'; runId: string; dt: string };

/** Runs one step of a fanned-out run on the core pieces and returns its small result. */
export async function runFanOutAction(
  deps: FanOutDeps & { itemsAt: ItemsAt },
  event: FanOutAction,
): Promise<FanOutResult> {
  const { config } = deps;
  switch (event.action) {
    case 'plan': {
      const plan = await planFanOut(deps, {
        runId: event.runId,
        window: event.window,
        pieceHours: event.pieceHours ?? config.ingest.fanOut.pieceHours,
        force: event.force === true,
      });
      return { ...plan, ...deps.itemsAt(plan.itemsKey) };
    }
    case 'stage': {
      const r = await stagePiece(deps, event);
      const read = r.outcomes.filter((o) => !o.unchanged);
      return {
        piece: r.piece,
        unitsSeen: r.unitsSeen,
        unitsRead: read.length,
        recordsRead: read.reduce((n, o) => n + o.recordsRead, 0),
        bytesRead: read.reduce((n, o) => n + o.bytesRead, 0),
      };
    }
    case 'days':
      return { days: await changedDays(deps.store, event.runId) };
    case 'day':
      return { ...(await planDayBuild(deps, event.runId, event.dt)) };
    case 'shuffle': {
      const r = await shuffleDayStep(deps, event.runId, event.dt, event.step);
      return { dt: event.dt, step: event.step, rowsRead: r.rowsRead, objectsWritten: r.objectsWritten };
    }
    case 'merge': {
      const r = await mergeDayStep(deps, event.runId, event.dt, event.step);
      return { dt: event.dt, step: event.step, rowsWritten: r.rowsWritten };
    }
    case 'finish':
      return { ...(await finishDayBuild(deps, event.runId, event.dt)) };
  }
}

/**
 * Commits a fanned-out run: the run's summary (undefined when it was committed already) and the
 * small result the state machine gets.
 */
export async function commitFanOutRun(
  deps: FanOutDeps,
  runId: string,
): Promise<{ summary: IngestSummary | undefined; result: FanOutResult }> {
  const summary = await commitRun(deps, runId);
  if (!summary) return { summary, result: { runId, recordsRead: 0, recordsWritten: 0, partitions: 0 } };
  return {
    summary,
    result: {
      runId,
      recordsRead: summary.recordsRead,
      recordsWritten: summary.recordsWritten,
      partitions: summary.partitions.length,
    },
  };
}
