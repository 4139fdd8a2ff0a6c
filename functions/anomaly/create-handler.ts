import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { AwsIamEnforcer } from '../../shared/adapters/aws/iam-enforcer';
import { DryRunEnforcer } from '../../shared/adapters/local/dry-run-enforcer';
import { openStore } from '../../shared/adapters/open-store';
import { type ChecksSummary, runChecks } from '../../shared/anomaly/run-checks';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import type { EnforcementConfig } from '../../shared/config/guardrails-schema';
import type { Clock, QueryEngine } from '../../shared/ports';
import type { IamEnforcer } from '../../shared/ports/iam-enforcer';
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

/** IAM only when enforcement is enabled; otherwise the dry-run enforcer, which calls nothing. */
export function enforcerFor(enforcement: EnforcementConfig, iam: IAMClient): IamEnforcer {
  return enforcement.enabled ? new AwsIamEnforcer(iam) : new DryRunEnforcer();
}

/**
 * Builds the anomaly handler: detection and guardrails over the store, alerts to the SNS topic.
 * (The product's EventBridge events, releases included, go to the events function.)
 */
export function createAnomalyHandler(
  deps: AnomalyHandlerDeps,
): (event?: AnomalyEvent, context?: Partial<Context>) => Promise<AnomalyRunSummary> {
  const { config, logger, telemetry } = deps;
  const { store } = config.ingest;
  if (!store) throw new InvalidConfigError('ingest.store', 'the function needs ingest.store');
  const objects = () => openStore(store, { s3Client: deps.s3 });
  return (event: AnomalyEvent = {}, context?: Partial<Context>) =>
    runJob({
      name: 'detect',
      logger,
      telemetry,
      context,
      run: async () => {
        const engine = deps.engine();
        try {
          return await runChecks(
            {
              store: objects(),
              engine,
              notifier: deps.notifier,
              clock: deps.clock,
              priceBook: shippedPriceBook(),
              enforcer: enforcerFor(config.guardrails.enforcement, deps.iam),
            },
            {
              at: scheduledTime(event.time, deps.clock),
              guardrails: config.guardrails,
              unattributed: config.attribution.unattributed,
              thresholds: config.anomaly.thresholds,
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
        BudgetsCrossed: s.guardrails.budgetsCrossed,
        PolicyViolations: s.guardrails.violations,
        GuardrailMessages: s.guardrails.messages,
        BytesScanned: s.bytesScanned,
      }),
      failure: () => undefined,
    });
}
