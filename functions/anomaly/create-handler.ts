import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { openStore } from '../../shared/adapters/open-store';
import { type DetectionSummary, runDetection } from '../../shared/anomaly/run-detection';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import type { Clock, QueryEngine } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { runJob, scheduledTime } from '../shared/run-job';

/** What the ingest sends on success (async invoke), or `{ time }` from a schedule; both optional. */
export interface AnomalyEvent {
  /** The run's "now" (ISO 8601); default the clock. */
  time?: string;
}

/** Everything the handler talks to, injected so tests use mocks and a fixed clock. */
export interface AnomalyHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  /** A new engine per run (Athena), so each summary counts that run's bytes scanned. */
  engine: () => QueryEngine;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  telemetry: Metrics;
}

/** Builds the anomaly handler: production detection over the store, alerts to the SNS topic. */
export function createAnomalyHandler(
  deps: AnomalyHandlerDeps,
): (event?: AnomalyEvent, context?: Partial<Context>) => Promise<DetectionSummary> {
  const { config, logger, telemetry } = deps;
  const { store } = config.ingest;
  if (!store) throw new InvalidConfigError('ingest.store', 'the function needs ingest.store');
  return (event = {}, context) =>
    runJob({
      name: 'detect',
      logger,
      telemetry,
      context,
      run: async () => {
        const engine = deps.engine();
        try {
          const at = scheduledTime(event.time, deps.clock);
          return await runDetection(
            {
              store: openStore(store, { s3Client: deps.s3 }),
              engine,
              notifier: deps.notifier,
              clock: deps.clock,
              priceBook: shippedPriceBook(),
            },
            {
              at,
              commandHint:
                'Reply with: genai-finops alert ack|snooze|not-anomaly <id> --store <local mirror>',
            },
          );
        } finally {
          await engine.close();
        }
      },
      counts: (s) => ({
        IncidentsOpened: s.opened,
        IncidentsEscalated: s.escalated,
        IncidentsClosed: s.closed,
        AlertsSent: s.notified,
        BytesScanned: s.bytesScanned,
      }),
      failure: () => undefined,
    });
}
