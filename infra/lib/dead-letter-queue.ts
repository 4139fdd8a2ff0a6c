import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where failed runs end up: the schedule's undeliverable invocations and the function's
 * asynchronous invocations that failed every retry. SSE-SQS encrypted, TLS only, kept 14 days.
 */
export function createDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge(
    {
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue (of the schedule and of the function); nothing consumes it automatically.',
    },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue; its messages are read by an operator after the dead-letter alarm, never redriven automatically.',
    },
  );
  return queue;
}
