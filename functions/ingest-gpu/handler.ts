import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { AwsResourceDirectory } from '../../shared/adapters/aws/aws-resource-directory';
import { CloudWatchMetricSource } from '../../shared/adapters/aws/cloudwatch-metric-source';
import type { GpuIngestSummary } from '../../shared/gpu/ingest';
import { systemClock } from '../../shared/ports';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../shared/config-parameter';
import { createGpuIngestHandler, type GpuIngestEvent } from './create-handler';

export { createGpuIngestHandler, type GpuIngestEvent, type GpuIngestHandlerDeps } from './create-handler';

let cold: Promise<ReturnType<typeof createGpuIngestHandler>> | undefined;

async function coldStart(): Promise<ReturnType<typeof createGpuIngestHandler>> {
  const config = await loadConfigParameter(new SSMClient({}), process.env[CONFIG_PARAMETER_ENV]);
  const clients = {
    cloudwatch: new CloudWatchClient({}),
    ec2: new EC2Client({}),
    sagemaker: new SageMakerClient({}),
  };
  return createGpuIngestHandler({
    config,
    s3: new S3Client({}),
    // A new source per run around the same clients: each summary counts that run's requests.
    metrics: () => new CloudWatchMetricSource(clients.cloudwatch, systemClock),
    directory: () => new AwsResourceDirectory(clients.ec2, clients.sagemaker),
    clock: systemClock,
    logger: new Logger(),
    telemetry: new Metrics(),
  });
}

/** Lambda entry point: hourly GPU metrics from CloudWatch into gpu_hourly; configuration read from SSM at cold start. */
export const handler = async (event: GpuIngestEvent, context: Context): Promise<GpuIngestSummary> => {
  cold ??= coldStart().catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event, context);
};
