import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { type ChecksSummary, runChecks } from '../../shared/anomaly/run-checks';
import { checksCounts, scheduledChecksRequest } from '../../shared/anomaly/scheduled-checks';
import type { AppConfig } from '../../shared/config';
import type { Clock, QueryEngine } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { enforcerFor } from '../shared/enforcer';
import { runJob, scheduledTime } from '../shared/run-job';
import { storeOpener } from '../shared/store-opener';
import { withEngine } from '../shared/with-engine';

/** What the ingest sends on success (async invoke), or `{ time }` from a schedule; both optional. */
export interface AnomalyEvent {
  /** The run's "now" (ISO 8601); default the clock. */
  time?: string;
}

/** Everything the handler talks to, injected so tests use mocks and a fixed clock. */
export interface AnomalyHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  /** Used only when `guardrails.enforcement.enabled`: the deny policies are written with it. */
  iam: IAMClient;
  /** A new engine per run (Athena), so each summary counts that run's bytes scanned. */
  engine: () => QueryEngine;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  telemetry: Metrics;
}

/** What one run did: the detection summary and the guardrails' counts. */
export type AnomalyRunSummary = ChecksSummary;

/**
 * Builds the anomaly handler: detection and guardrails over the store, alerts to the SNS topic.
 * (The product's EventBridge events, releases included, go to the events function.)
 */
export function createAnomalyHandler(
  deps: AnomalyHandlerDeps,
): (event?: AnomalyEvent, context?: Partial<Context>) => Promise<AnomalyRunSummary> {
  const { config, logger, telemetry } = deps;
  const objects = storeOpener(config, deps.s3);
  return (event: AnomalyEvent = {}, context?: Partial<Context>) =>
    runJob({
      name: 'detect',
      logger,
      telemetry,
      context,
      run: () =>
        withEngine(deps.engine, (engine) =>
          runChecks(
            {
              store: objects(),
              engine,
              notifier: deps.notifier,
              clock: deps.clock,
              priceBook: shippedPriceBook(),
              enforcer: enforcerFor(config.guardrails.enforcement, deps.iam),
            },
            scheduledChecksRequest(config, scheduledTime(event.time, deps.clock)),
          ),
        ),
      counts: checksCounts,
      failure: () => undefined,
    });
}
