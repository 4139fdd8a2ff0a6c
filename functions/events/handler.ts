import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { SnsAlertNotifier } from '../../shared/adapters/aws/sns-alert-notifier';
import { InvalidConfigError } from '../../shared/config';
import { systemClock } from '../../shared/ports';
import { CONFIG_PARAMETER_ENV, loadConfigParameter } from '../shared/config-parameter';
import { ALERTS_TOPIC_ENV } from './alerts-topic-env';
import { createEventsHandler, type ProductEventResult } from './create-handler';

export { createEventsHandler, type EventsHandlerDeps, type ProductEventResult } from './create-handler';

export { ALERTS_TOPIC_ENV };

let cold: Promise<ReturnType<typeof createEventsHandler>> | undefined;

async function coldStart(): Promise<ReturnType<typeof createEventsHandler>> {
  const config = await loadConfigParameter(new SSMClient({}), process.env[CONFIG_PARAMETER_ENV]);
  const topicArn = process.env[ALERTS_TOPIC_ENV];
  if (!topicArn) throw new InvalidConfigError(ALERTS_TOPIC_ENV, 'the function needs the alerts topic ARN');
  return createEventsHandler({
    config,
    s3: new S3Client({}),
    notifier: new SnsAlertNotifier(new SNSClient({}), { topicArn, clock: systemClock }),
    clock: systemClock,
    logger: new Logger(),
    telemetry: new Metrics(),
  });
}

/** Lambda entry point: the product's EventBridge events (Release, ApprovalRequest, Approval) recorded in the store. */
export const handler = async (event: unknown, context: Context): Promise<ProductEventResult> => {
  cold ??= coldStart().catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event, context);
};
