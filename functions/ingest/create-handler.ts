import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { openStore } from '../../shared/adapters/open-store';
import { type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import type { IngestDeps, IngestRequest } from '../../shared/bedrock/ingest';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import type { Clock, ModelResolver } from '../../shared/ports';
import { type Continuation, continueRun } from './continuation';
import { IngestFailedError } from './errors';
import { type IngestEvent, windowFor } from './event';
import { isPieceEvent, type PieceEvent } from './piece-event';
import { type PieceResult, runPiece } from './run-piece';
import { addSummaryMetrics, logSummary } from './summary';

/** Hour folders per batch in Lambda: small enough that a batch finishes well within the time left. */
const LAMBDA_BATCH_UNITS = 48;
/** Leave this much of the 15 minutes for the last batch and the summary. */
const STOP_BEFORE_TIMEOUT_MS = 4 * 60_000;

/** Everything the handler talks to, injected so tests use local servers and mocks. */
export interface IngestHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  resolver: ModelResolver;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Continues a run that stopped early by invoking this function again; without it the next schedule does. */
  lambda?: LambdaClient;
  /** The core run; `ingestBedrockLogs` unless a test needs a run that stops early. */
  ingest?: (deps: IngestDeps, request: IngestRequest) => Promise<IngestSummary>;
}

/** The Lambda context fields the handler reads. */
export type IngestContext = Pick<Context, 'getRemainingTimeInMillis' | 'functionName'> & Partial<Context>;

/** The handler: a whole run for a schedule or backfill event, one step for a state machine's `action` event. */
export interface IngestHandler {
  (event: PieceEvent, context?: IngestContext): Promise<PieceResult>;
  (event?: IngestEvent, context?: IngestContext): Promise<IngestSummary>;
}

/** Builds the handler from injected clients and a clock. */
export function createIngestHandler(deps: IngestHandlerDeps): IngestHandler {
  const { config, logger, metrics } = deps;
  const { source, store } = config.ingest;
  if (!source || !store)
    throw new InvalidConfigError('ingest', 'the function needs ingest.source and ingest.store');
  const whole = async (event: IngestEvent = {}, context?: IngestContext): Promise<IngestSummary> => {
    if (context) logger.addContext(context as Context);
    logger.logEventIfEnabled(event); // POWERTOOLS_LOGGER_LOG_EVENT=true logs the event too
    // No cold-start metric: one more custom metric (see OPS_METRICS); REPORT's Init Duration says it.
    try {
      // Stop between batches with time to spare: finished batches stay done and the continuation goes on.
      const shouldStop = () =>
        context ? context.getRemainingTimeInMillis() < STOP_BEFORE_TIMEOUT_MS : false;
      const summary = await (deps.ingest ?? ingestBedrockLogs)(
        {
          source: openStore(source, { s3Client: deps.s3 }),
          store: openStore(store, { s3Client: deps.s3 }),
          config,
          clock: deps.clock,
          resolver: deps.resolver,
        },
        {
          window: windowFor(event, config, deps.clock),
          force: event.force === true,
          batchUnits: LAMBDA_BATCH_UNITS,
          shouldStop,
        },
      );
      const failed = summary.unitsFailed.length > 0;
      // A failed run is retried with the same event by Lambda, which continues it: never continue twice.
      let next: Continuation | undefined;
      if (!summary.complete && !failed)
        next = await continueRun(deps.lambda, context?.functionName, event, summary);
      addSummaryMetrics(metrics, summary, next);
      logSummary(logger, summary, next);
      // Fail the invocation so Lambda retries, then sends it to the dead-letter queue, and Errors alarms.
      if (failed) throw new IngestFailedError(summary.unitsFailed.length);
      return summary;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
  // A step of a fanned-out run (the state machine names an action), else a whole run.
  const piece = (event: PieceEvent, context?: IngestContext): Promise<PieceResult> =>
    runPiece(
      {
        config,
        source: openStore(source, { s3Client: deps.s3 }),
        store: openStore(store, { s3Client: deps.s3 }),
        clock: deps.clock,
        resolver: deps.resolver,
        logger,
        metrics,
      },
      event,
      context,
    );
  return ((event?: IngestEvent | PieceEvent, context?: IngestContext) =>
    isPieceEvent(event) ? piece(event, context) : whole(event as IngestEvent, context)) as IngestHandler;
}
