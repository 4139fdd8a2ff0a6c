import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { openStore } from '../../shared/adapters/open-store';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import type { Clock } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';
import { runJob } from '../shared/run-job';
import { type ApprovalEvent, type ApprovalRecorded, recordApprovalEvent } from './approval-event';
import {
  type ApprovalRequestEvent,
  type ApprovalRequestRecorded,
  recordApprovalRequestEvent,
} from './approval-request-event';
import type { ProductDetailType } from './detail-types';
import { type ProductEvent, productDetailType } from './product-event';
import { type ReleaseEvent, type ReleaseRecorded, recordReleaseEvent } from './release-event';

/** Everything the handler talks to, injected so tests use the local S3 server, a mock SNS and a fixed clock. */
export interface EventsHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  /** The alerts topic: approval requests are announced there. */
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  telemetry: Metrics;
}

/** What one event did. */
export type ProductEventResult = ReleaseRecorded | ApprovalRequestRecorded | ApprovalRecorded;

/**
 * Builds the events handler: each product event (`source: genai-finops` on the default bus) is
 * validated and recorded in the store — a `Release` as a row of `releases`, an `ApprovalRequest`
 * as a pending request announced to the team, an `Approval` as an approval. An invalid event
 * throws an error naming the field, so the invocation fails and is dead-lettered.
 */
export function createEventsHandler(
  deps: EventsHandlerDeps,
): (event: unknown, context?: Partial<Context>) => Promise<ProductEventResult> {
  const { config, logger, telemetry, clock } = deps;
  const { store } = config.ingest;
  if (!store) throw new InvalidConfigError('ingest.store', 'the function needs ingest.store');
  const objects = () => openStore(store, { s3Client: deps.s3 });
  const handlers: Record<
    ProductDetailType,
    (event: ProductEvent) => Promise<{ result: ProductEventResult; counts: Record<string, number> }>
  > = {
    Release: async (event) => ({
      result: await recordReleaseEvent(objects(), clock, event as ReleaseEvent),
      counts: { ReleasesRecorded: 1 },
    }),
    ApprovalRequest: async (event) => {
      const result = await recordApprovalRequestEvent(
        objects(),
        deps.notifier,
        clock.now(),
        event as ApprovalRequestEvent,
      );
      return {
        result,
        counts: { ApprovalRequestsRecorded: 1, ApprovalRequestsAnnounced: Number(result.notified) },
      };
    },
    Approval: async (event) => ({
      result: await recordApprovalEvent(objects(), clock.now(), event as ApprovalEvent),
      counts: { ApprovalsRecorded: 1 },
    }),
  };
  return async (event, context) => {
    const type = productDetailType(event);
    const { result } = await runJob({
      name: `event ${type}`,
      logger,
      telemetry,
      context,
      run: () => handlers[type](event as ProductEvent),
      counts: (done) => done.counts,
      failure: () => undefined,
    });
    return result;
  };
}

export type { ProductEvent };
