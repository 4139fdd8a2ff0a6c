import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { CostExplorerSource } from '../../shared/adapters/aws/cost-explorer-source';
import type { CostIngestSummary } from '../../shared/cost';
import { systemClock } from '../../shared/ports';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../shared/config-parameter';
import { type CostIngestEvent, createCostIngestHandler } from './create-handler';

export { type CostIngestEvent, type CostIngestHandlerDeps, createCostIngestHandler } from './create-handler';

let cold: Promise<ReturnType<typeof createCostIngestHandler>> | undefined;

async function coldStart(): Promise<ReturnType<typeof createCostIngestHandler>> {
  const config = await loadConfigParameter(new SSMClient({}), process.env[CONFIG_PARAMETER_ENV]);
  return createCostIngestHandler({
    config,
    s3: new S3Client({}),
    source: new CostExplorerSource(),
    clock: systemClock,
    random: Math.random,
    logger: new Logger(),
    telemetry: new Metrics(),
  });
}

/** Lambda entry point: daily Cost Explorer pull into cost_daily; configuration read from SSM at cold start. */
export const handler = async (event: CostIngestEvent, context: Context): Promise<CostIngestSummary> => {
  cold ??= coldStart().catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event, context);
};
