import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import type { AppConfig } from '../../shared/config';
import type { Clock } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';
import { runJob } from '../shared/run-job';
import { storeOpener } from '../shared/store-opener';
import { type ProductEventResult, productEventHandlers } from './dispatch';
import { type ProductEvent, productDetailType } from './product-event';

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

export type { ProductEventResult };

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
  const objects = storeOpener(config, deps.s3);
  const handlers = productEventHandlers({ objects, notifier: deps.notifier, clock });
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
