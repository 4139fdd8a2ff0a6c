import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { parseLocation } from '../../shared/adapters/open-store';
import { commitRun } from '../../shared/bedrock/fan-out-commit';
import { finishDayBuild, mergeDayStep } from '../../shared/bedrock/fan-out-day-merge';
import { planDayBuild, shuffleDayStep } from '../../shared/bedrock/fan-out-day-plan';
import { changedDays, compactRunDay } from '../../shared/bedrock/fan-out-days';
import { planFanOut } from '../../shared/bedrock/fan-out-plan';
import { stagePiece } from '../../shared/bedrock/stage-piece';
import type { AppConfig } from '../../shared/config';
import type { Clock, ModelResolver, ObjectStore } from '../../shared/ports';
import { runJob } from '../shared/run-job';
import { windowFor } from './event';
import type { PieceEvent } from './piece-event';
import { addSummaryMetrics, logSummary } from './summary';

/** What a step returns to the state machine: always small (the payload limit is 256 KB). */
export type PieceResult = Record<string, string | number | string[] | number[]>;

export interface PieceDeps {
  config: AppConfig;
  source: ObjectStore;
  store: ObjectStore;
  clock: Clock;
  resolver: ModelResolver;
  logger: Logger;
  metrics: Metrics;
}

/** Where the store keeps `key` in its bucket: the Distributed Map's ItemReader reads it there. */
function bucketKey(storeLocation: string, key: string): { itemsBucket: string; itemsKey: string } {
  const at = parseLocation(storeLocation);
  if (at.kind !== 's3') return { itemsBucket: '', itemsKey: key };
  return { itemsBucket: at.bucket, itemsKey: at.prefix === '' ? key : `${at.prefix}/${key}` };
}

/** Runs one step of a fanned-out run with the usual shell (one summary line, metrics). */
export async function runPiece(
  deps: PieceDeps,
  event: PieceEvent,
  context?: Partial<Context>,
): Promise<PieceResult> {
  const { config, logger, metrics } = deps;
  const fanOut = config.ingest.fanOut;
  const core = { source: deps.source, store: deps.store, config, clock: deps.clock, resolver: deps.resolver };
  const step = (run: () => Promise<PieceResult>) =>
    runJob<PieceResult>({
      name: `ingest bedrock-logs ${event.action}`,
      logger,
      telemetry: metrics,
      context,
      run,
      counts: () => ({}),
      failure: () => undefined,
    });
  switch (event.action) {
    case 'plan':
      return step(async () => {
        const request = event.request ?? {};
        const plan = await planFanOut(core, {
          runId: event.runId,
          window: windowFor(request, config, deps.clock),
          pieceHours: request.pieceHours ?? fanOut.pieceHours,
          force: request.force === true,
        });
        return { ...plan, ...bucketKey(config.ingest.store ?? '', plan.itemsKey) };
      });
    case 'stage':
      return step(async () => {
        const r = await stagePiece(deps, event);
        const read = r.outcomes.filter((o) => !o.unchanged);
        return {
          piece: r.piece,
          unitsSeen: r.unitsSeen,
          unitsRead: read.length,
          recordsRead: read.reduce((n, o) => n + o.recordsRead, 0),
          bytesRead: read.reduce((n, o) => n + o.bytesRead, 0),
        };
      });
    case 'days':
      return step(async () => ({ days: await changedDays(deps.store, event.runId) }));
    case 'compact':
      return step(async () => {
        const day = await compactRunDay(core, event.runId, event.dt);
        return { dt: day.dt, rowsWritten: day.rowsWritten };
      });
    case 'day':
      return step(async () => ({ ...(await planDayBuild(core, event.runId, event.dt)) }));
    case 'shuffle':
      return step(async () => {
        const r = await shuffleDayStep(core, event.runId, event.dt, event.step);
        return { dt: event.dt, step: event.step, rowsRead: r.rowsRead, objectsWritten: r.objectsWritten };
      });
    case 'merge':
      return step(async () => {
        const r = await mergeDayStep(core, event.runId, event.dt, event.step);
        return { dt: event.dt, step: event.step, rowsWritten: r.rowsWritten };
      });
    case 'finish':
      return step(async () => ({ ...(await finishDayBuild(core, event.runId, event.dt)) }));
    case 'commit': {
      if (context) logger.addContext(context as Context);
      try {
        const summary = await commitRun(core, event.runId);
        if (!summary) {
          logger.info('ingest bedrock-logs commit: the run was committed already', { runId: event.runId });
          return { runId: event.runId, recordsRead: 0, recordsWritten: 0, partitions: 0 };
        }
        // The run's one summary line and its metrics (RecordsRead feeds the no-data alarm).
        addSummaryMetrics(metrics, summary);
        logSummary(logger, summary);
        return {
          runId: event.runId,
          recordsRead: summary.recordsRead,
          recordsWritten: summary.recordsWritten,
          partitions: summary.partitions.length,
        };
      } finally {
        metrics.publishStoredMetrics();
      }
    }
  }
}
