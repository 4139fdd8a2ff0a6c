import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { parseLocation } from '../../shared/adapters/open-store';
import {
  commitFanOutRun,
  type FanOutAction,
  type FanOutDeps,
  type FanOutResult,
  runFanOutAction,
} from '../../shared/bedrock/fan-out-action';
import { runJob } from '../shared/run-job';
import { windowFor } from './event';
import type { PieceEvent } from './piece-event';
import { addSummaryMetrics, logSummary } from './summary';

/** What a step returns to the state machine: always small (the payload limit is 256 KB). */
export type PieceResult = FanOutResult;

export interface PieceDeps extends FanOutDeps {
  logger: Logger;
  metrics: Metrics;
}

/** Where the store keeps `key` in its bucket: the Distributed Map's ItemReader reads it there. */
function bucketKey(storeLocation: string, key: string): { itemsBucket: string; itemsKey: string } {
  const at = parseLocation(storeLocation);
  if (at.kind !== 's3') return { itemsBucket: '', itemsKey: key };
  return { itemsBucket: at.bucket, itemsKey: at.prefix === '' ? key : `${at.prefix}/${key}` };
}

/** The core's step for the event: a plan's window is resolved from the execution's input. */
function actionOf(deps: PieceDeps, event: Exclude<PieceEvent, { action: 'commit' }>): FanOutAction {
  if (event.action !== 'plan') return event;
  const request = event.request ?? {};
  const window = windowFor(request, deps.config, deps.clock);
  return { action: 'plan', runId: event.runId, window, pieceHours: request.pieceHours, force: request.force };
}

/** Runs one step of a fanned-out run with the usual shell (one summary line, metrics). */
export async function runPiece(
  deps: PieceDeps,
  event: PieceEvent,
  context?: Partial<Context>,
): Promise<PieceResult> {
  const { config, logger, metrics } = deps;
  const core = { source: deps.source, store: deps.store, config, clock: deps.clock, resolver: deps.resolver };
  const itemsAt = (key: string) => bucketKey(config.ingest.store ?? '', key);
  if (event.action !== 'commit')
    return runJob<PieceResult>({
      name: `ingest bedrock-logs ${event.action}`,
      logger,
      telemetry: metrics,
      context,
      run: () => runFanOutAction({ ...core, itemsAt }, actionOf(deps, event)),
      counts: () => ({}),
      failure: () => undefined,
    });
  if (context) logger.addContext(context as Context);
  try {
    const { summary, result } = await commitFanOutRun(core, event.runId);
    if (!summary)
      logger.info('ingest bedrock-logs commit: the run was committed already', { runId: event.runId });
    else {
      // The run's one summary line and its metrics (RecordsRead feeds the no-data alarm).
      addSummaryMetrics(metrics, summary);
      logSummary(logger, summary);
    }
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}
