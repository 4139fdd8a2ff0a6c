import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { openStore } from '../../shared/adapters/open-store';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import { type CostIngestSummary, costRange, ingestCostExplorer } from '../../shared/cost';
import type { Clock, CostSource } from '../../shared/ports';
import { runJob, scheduledTime } from '../shared/run-job';

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
  return (event = {}, context) =>
    runJob({
      name: 'ingest cost-explorer',
      logger,
      telemetry,
      context,
      run: () =>
        ingestCostExplorer(
          {
            store: openStore(store, { s3Client: deps.s3 }),
            config,
            clock: deps.clock,
            random: deps.random,
            source: deps.source,
          },
          costRange(event.from, event.to, scheduledTime(event.time, deps.clock), config.costExplorer),
        ),
      counts: (s) => ({
        CostRowsWritten: s.rowsWritten,
        CostExplorerRequests: s.requests.total,
        UnitsFailed: s.partitionsFailed.length,
      }),
      failure: (s) =>
        s.partitionsFailed.length > 0
          ? `${s.partitionsFailed.length} day partition(s) of cost_daily not written`
          : undefined,
    });
}
