import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import type { IngestDeps, IngestRequest } from '../../shared/bedrock/ingest';
import { runIngestInTime } from '../../shared/bedrock/timed-run';
import { type Continuation, continueRun } from './continuation';
import { IngestFailedError } from './errors';
import { type IngestEvent, windowFor } from './event';
import { addSummaryMetrics, logSummary } from './summary';

/** The Lambda context fields the handler reads. */
export type IngestContext = Pick<Context, 'getRemainingTimeInMillis' | 'functionName'> & Partial<Context>;

export interface WholeRunDeps extends Omit<IngestDeps, 'source' | 'store'> {
  /** Opens the source and the store, once the invocation is logged. */
  openStores: () => Pick<IngestDeps, 'source' | 'store'>;
  logger: Logger;
  metrics: Metrics;
  lambda?: LambdaClient;
  ingest?: (deps: IngestDeps, request: IngestRequest) => Promise<IngestSummary>;
}

/** Runs a whole run for a schedule or backfill event with the usual shell (one summary line, metrics). */
export async function runWhole(
  deps: WholeRunDeps,
  event: IngestEvent = {},
  context?: IngestContext,
): Promise<IngestSummary> {
  const { config, logger, metrics } = deps;
  if (context) logger.addContext(context as Context);
  logger.logEventIfEnabled(event); // POWERTOOLS_LOGGER_LOG_EVENT=true logs the event too
  // No cold-start metric: one more custom metric (see OPS_METRICS); REPORT's Init Duration says it.
  try {
    const { summary, next, failed } = await runIngestInTime<Continuation>(
      {
        ingest: deps.ingest ?? ingestBedrockLogs,
        core: { ...deps.openStores(), config, clock: deps.clock, resolver: deps.resolver },
        remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
        continueRun: (s) => continueRun(deps.lambda, context?.functionName, event, s),
      },
      { window: windowFor(event, config, deps.clock), force: event.force === true },
    );
    addSummaryMetrics(metrics, summary, next);
    logSummary(logger, summary, next);
    // Fail the invocation so Lambda retries, then sends it to the dead-letter queue, and Errors alarms.
    if (failed) throw new IngestFailedError(summary.unitsFailed.length);
    return summary;
  } finally {
    metrics.publishStoredMetrics();
  }
}
