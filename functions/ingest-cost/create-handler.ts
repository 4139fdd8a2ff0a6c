import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { openStore } from '../../shared/adapters/open-store';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import { type CostIngestSummary, costRange, ingestCostExplorer } from '../../shared/cost';
import type { Clock, CostSource } from '../../shared/ports';

/** The schedule's `{ time }`, or a backfill `{ from: 'YYYY-MM-DD', to?: 'YYYY-MM-DD' }` sent by hand. */
export interface CostIngestEvent {
  time?: string;
  from?: string;
  to?: string;
}

/** Everything the handler talks to, injected so tests use mocks and a fixed clock. */
export interface CostIngestHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  source: CostSource;
  clock: Clock;
  random: () => number;
  logger: Logger;
  telemetry: Metrics;
}

/** Builds the Cost Explorer handler: the configured look-back at the scheduled time, or the days asked for. */
export function createCostIngestHandler(
  deps: CostIngestHandlerDeps,
): (event?: CostIngestEvent, context?: Partial<Context>) => Promise<CostIngestSummary> {
  const { config, logger, telemetry } = deps;
  const { store } = config.ingest;
  if (!store) throw new InvalidConfigError('ingest.store', 'the function needs ingest.store');
  return async (event = {}, context) => {
    if (context) logger.addContext(context as Context);
    telemetry.captureColdStartMetric(context?.functionName);
    try {
      const at = event.time ? new Date(event.time) : deps.clock.now();
      const now = Number.isNaN(at.getTime()) ? deps.clock.now() : at;
      const window = costRange(event.from, event.to, now, config.costExplorer);
      const summary = await ingestCostExplorer(
        {
          store: openStore(store, { s3Client: deps.s3 }),
          config,
          clock: deps.clock,
          random: deps.random,
          source: deps.source,
        },
        window,
      );
      telemetry.addMetric('CostRowsWritten', MetricUnit.Count, summary.rowsWritten);
      telemetry.addMetric('CostExplorerRequests', MetricUnit.Count, summary.requests.total);
      telemetry.addMetric('UnitsFailed', MetricUnit.Count, summary.partitionsFailed.length);
      const failed = summary.partitionsFailed.length > 0;
      logger[failed ? 'error' : 'info']('ingest cost-explorer finished', { summary });
      // Fail the invocation so Lambda retries it, then dead-letters it, and the Errors alarm fires.
      if (failed)
        throw new Error(`${summary.partitionsFailed.length} day partition(s) of cost_daily not written`);
      return summary;
    } finally {
      telemetry.publishStoredMetrics();
    }
  };
}
