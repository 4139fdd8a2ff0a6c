import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { AthenaEngine } from '../../shared/adapters/aws/athena-engine';
import { SnsAlertNotifier } from '../../shared/adapters/aws/sns-alert-notifier';
import { InvalidConfigError } from '../../shared/config';
import { systemClock } from '../../shared/ports';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../shared/config-parameter';
import { type AnomalyEvent, type AnomalyRunSummary, createAnomalyHandler } from './create-handler';

export {
  type AnomalyEvent,
  type AnomalyHandlerDeps,
  type AnomalyRunSummary,
  createAnomalyHandler,
} from './create-handler';

/** Environment variables the stack sets: the alerts topic, and an optional chat (Slack) topic. */
export const ALERTS_TOPIC_ENV = 'GENAI_FINOPS_ALERTS_TOPIC_ARN';
export const CHAT_TOPIC_ENV = 'GENAI_FINOPS_CHAT_TOPIC_ARN';

let cold: Promise<ReturnType<typeof createAnomalyHandler>> | undefined;

async function coldStart(): Promise<ReturnType<typeof createAnomalyHandler>> {
  const config = await loadConfigParameter(new SSMClient({}), process.env[CONFIG_PARAMETER_ENV]);
  const topicArn = process.env[ALERTS_TOPIC_ENV];
  if (!topicArn) throw new InvalidConfigError(ALERTS_TOPIC_ENV, 'the function needs the alerts topic ARN');
  const chatTopicArn = process.env[CHAT_TOPIC_ENV];
  const athena = new AthenaClient({});
  return createAnomalyHandler({
    config,
    s3: new S3Client({}),
    iam: new IAMClient({}),
    engine: () =>
      new AthenaEngine({
        client: athena,
        workgroup: config.athena.workgroup,
        database: config.athena.database,
        catalog: config.athena.catalog,
      }),
    notifier: new SnsAlertNotifier(new SNSClient({}), {
      topicArn,
      ...(chatTopicArn ? { chatTopicArn } : {}),
      clock: systemClock,
    }),
    clock: systemClock,
    logger: new Logger(),
    telemetry: new Metrics(),
  });
}

/** Lambda entry point: anomaly detection and guardrails right after each Bedrock ingest run (alerts to SNS). */
export const handler = async (event: AnomalyEvent, context: Context): Promise<AnomalyRunSummary> => {
  cold ??= coldStart().catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event, context);
};
