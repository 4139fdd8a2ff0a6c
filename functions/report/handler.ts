import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { systemClock } from '../../shared/ports';
import type { ReportRunSummary } from '../../shared/report-run/run-report';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../shared/config-parameter';
import { createReportHandler, type ReportEvent } from './create-handler';
import { REPORTS_TOPIC_ENV } from './env';

export { createReportHandler, type ReportEvent, type ReportHandlerDeps } from './create-handler';

let cold: Promise<ReturnType<typeof createReportHandler>> | undefined;

async function coldStart(): Promise<ReturnType<typeof createReportHandler>> {
  const config = await loadConfigParameter(new SSMClient({}), process.env[CONFIG_PARAMETER_ENV]);
  const topic = process.env[REPORTS_TOPIC_ENV];
  if (!topic) throw new Error(`${REPORTS_TOPIC_ENV} is not set`);
  return createReportHandler({
    config,
    s3: new S3Client({}),
    athena: new AthenaClient({}),
    sns: new SNSClient({}),
    reportsTopicArn: topic,
    clock: systemClock,
    logger: new Logger(),
    telemetry: new Metrics(),
    emit: (record) => process.stdout.write(`${record}\n`),
  });
}

/** Lambda entry point: the weekly or monthly showback report; configuration read from SSM at cold start. */
export const handler = async (event: ReportEvent, context: Context): Promise<ReportRunSummary> => {
  cold ??= coldStart().catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event, context);
};
