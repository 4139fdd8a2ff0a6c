import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { BedrockModelResolver } from '../../shared/adapters/aws/bedrock-model-resolver';
import { openStore } from '../../shared/adapters/open-store';
import {
  dayWindow,
  type HourWindow,
  type IngestSummary,
  ingestBedrockLogs,
  scheduledWindow,
} from '../../shared/bedrock';
import { type AppConfig, CONFIG_ENV, parseConfigJson } from '../../shared/config';
import { type Clock, type ModelResolver, systemClock } from '../../shared/ports';

/**
 * What starts a run: EventBridge's scheduled event (`time` = the scheduled minute), or a
 * backfill request `{ from: 'YYYY-MM-DD', to?: 'YYYY-MM-DD', force?: true }` sent by hand or fanned out.
 */
export interface IngestEvent {
  time?: string;
  from?: string;
  to?: string;
  force?: boolean;
}

/** Hour folders per batch in Lambda: small enough that a batch finishes well within the time left. */
const LAMBDA_BATCH_UNITS = 48;
/** Leave this much of the 15 minutes for the last batch and the summary. */
const STOP_BEFORE_TIMEOUT_MS = 4 * 60_000;

export interface IngestHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  resolver: ModelResolver;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

function windowFor(event: IngestEvent, config: AppConfig, clock: Clock): HourWindow | undefined {
  if (event.from !== undefined || event.to !== undefined) {
    return dayWindow(event.from, event.to, clock.now(), config.ingest.lookbackHours);
  }
  const at = event.time ? new Date(event.time) : clock.now();
  return scheduledWindow(Number.isNaN(at.getTime()) ? clock.now() : at, config.ingest.lookbackHours);
}

/** Builds the handler from injected clients, so tests run it against local servers and mocks. */
export function createIngestHandler(
  deps: IngestHandlerDeps,
): (event: IngestEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<IngestSummary> {
  const { config, logger, metrics } = deps;
  const { source, store } = config.ingest;
  if (!source || !store) throw new Error(`${CONFIG_ENV} must set ingest.source and ingest.store`);
  return async (event, context) => {
    // Stop between batches with time to spare: finished batches stay done and the next run continues.
    const shouldStop = () => (context ? context.getRemainingTimeInMillis() < STOP_BEFORE_TIMEOUT_MS : false);
    const window = windowFor(event ?? {}, config, deps.clock);
    const summary = await ingestBedrockLogs(
      {
        source: openStore(source, { s3Client: deps.s3 }),
        store: openStore(store, { s3Client: deps.s3 }),
        config,
        clock: deps.clock,
        resolver: deps.resolver,
      },
      { window, force: event?.force === true, batchUnits: LAMBDA_BATCH_UNITS, shouldStop },
    );
    // Per run: records newly read. RowsRebuilt counts whole days rewritten (it repeats across runs).
    metrics.addMetric('RecordsRead', MetricUnit.Count, summary.recordsRead);
    metrics.addMetric('RecordsWithoutTokens', MetricUnit.Count, summary.recordsWithoutTokens);
    metrics.addMetric('RowsRebuilt', MetricUnit.Count, summary.recordsWritten);
    metrics.addMetric('LinesRejected', MetricUnit.Count, summary.linesRejected);
    metrics.addMetric('DuplicatesDropped', MetricUnit.Count, summary.duplicatesDropped);
    metrics.addMetric('BytesRead', MetricUnit.Bytes, summary.bytesRead);
    metrics.addMetric('FilesRead', MetricUnit.Count, summary.filesRead);
    metrics.addMetric('DamagedObjects', MetricUnit.Count, summary.damagedObjects.length);
    metrics.addMetric('UnitsFailed', MetricUnit.Count, summary.unitsFailed.length);
    metrics.publishStoredMetrics();
    // One line per run; it names files and reasons, never record content.
    const level = summary.unitsFailed.length > 0 ? 'error' : summary.linesRejected > 0 ? 'warn' : 'info';
    logger[level](
      summary.complete
        ? 'ingest bedrock-logs finished'
        : 'ingest bedrock-logs stopped early; invoke again to continue',
      { summary },
    );
    if (summary.unitsFailed.length > 0) {
      // Fail the invocation so EventBridge retries and the Lambda Errors metric shows it.
      throw new Error(`${summary.unitsFailed.length} source folder(s) could not be read`);
    }
    return summary;
  };
}

let cold: ReturnType<typeof createIngestHandler> | undefined;

/** Lambda entry point: configuration is read and validated once, at cold start. */
export const handler = async (event: IngestEvent, context?: Context): Promise<IngestSummary> => {
  if (!cold) {
    const config = parseConfigJson(process.env[CONFIG_ENV] ?? '{}', CONFIG_ENV);
    cold = createIngestHandler({
      config,
      s3: new S3Client({}),
      resolver: new BedrockModelResolver(),
      clock: systemClock,
      logger: new Logger(),
      metrics: new Metrics(),
    });
  }
  return cold(event, context);
};
