import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { BedrockModelResolver } from '../../shared/adapters/aws/bedrock-model-resolver';
import type { IngestSummary } from '../../shared/bedrock';
import { systemClock } from '../../shared/ports';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../shared/config-parameter';
import { createIngestHandler } from './create-handler';
import type { IngestEvent } from './event';
import { isPieceEvent, type PieceEvent } from './piece-event';
import type { PieceResult } from './run-piece';

export { createIngestHandler, type IngestContext, type IngestHandlerDeps } from './create-handler';
export type { IngestEvent } from './event';

let cold: Promise<ReturnType<typeof createIngestHandler>> | undefined;

async function coldStart(): Promise<ReturnType<typeof createIngestHandler>> {
  const config = await loadConfigParameter(new SSMClient({}), process.env[CONFIG_PARAMETER_ENV]);
  const clients = { s3: new S3Client({}), lambda: new LambdaClient({}) };
  const telemetry = { logger: new Logger(), metrics: new Metrics() };
  return createIngestHandler({
    config,
    ...clients,
    ...telemetry,
    resolver: new BedrockModelResolver(),
    clock: systemClock,
  });
}

/** Lambda entry point (a whole run, or one step of a fanned-out run): the configuration is read from SSM and validated once, at cold start. */
export const handler = async (
  event: IngestEvent | PieceEvent,
  context: Context,
): Promise<IngestSummary | PieceResult> => {
  cold ??= coldStart().catch((error: unknown) => {
    cold = undefined; // a fixed parameter is picked up by the next invocation
    throw error;
  });
  const run = await cold;
  return isPieceEvent(event) ? run(event, context) : run(event, context);
};
