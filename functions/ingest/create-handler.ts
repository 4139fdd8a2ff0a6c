import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { openStore } from '../../shared/adapters/open-store';
import type { IngestSummary } from '../../shared/bedrock';
import type { IngestDeps, IngestRequest } from '../../shared/bedrock/ingest';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import type { Clock, ModelResolver } from '../../shared/ports';
import type { IngestEvent } from './event';
import { isPieceEvent, type PieceEvent } from './piece-event';
import { type PieceResult, runPiece } from './run-piece';
import { type IngestContext, runWhole } from './run-whole';

export type { IngestContext } from './run-whole';

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
  // The stores are opened for each invocation, the same way for a whole run and a step.
  const openStores = () => ({
    source: openStore(source, { s3Client: deps.s3 }),
    store: openStore(store, { s3Client: deps.s3 }),
  });
  const { clock, resolver, lambda, ingest } = deps;
  const whole = { config, clock, resolver, logger, metrics, lambda, ingest, openStores };
  // A step of a fanned-out run (the state machine names an action), else a whole run.
  return ((event?: IngestEvent | PieceEvent, context?: IngestContext) =>
    isPieceEvent(event)
      ? runPiece({ config, ...openStores(), clock, resolver, logger, metrics }, event, context)
      : runWhole(whole, event as IngestEvent, context)) as IngestHandler;
}
