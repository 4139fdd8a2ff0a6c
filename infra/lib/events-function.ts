import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ALERTS_TOPIC_ENV } from '../../functions/events/alerts-topic-env';
import { type EventsAccess, grantEventsAccess } from './events-access';
import { ProductEventsRule } from './product-events-rule';
import { repoRoot } from './repo-paths';
import { createScheduledFunction } from './scheduled-function';

/** The events Lambda handler's source file (exports `handler`). */
export const eventsEntry: string = join(repoRoot, 'functions', 'events', 'handler.ts');

/** Props of {@link EventsFunction}. */
export interface EventsFunctionProps extends EventsAccess {
  configParameter: ssm.IStringParameter;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
}

/**
 * The events function and the rule that feeds it: the product's EventBridge events (a release
 * marker, an approval request, an approval) recorded in the store, requests announced on the alerts
 * topic. A function of its own, so a burst of events never queues behind a detection run (whose
 * concurrency is 1) nor delays one.
 */
export class EventsFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly rule: ProductEventsRule;

  constructor(scope: Construct, id: string, props: EventsFunctionProps) {
    super(scope, id);
    this.function = createScheduledFunction(this, {
      description: 'GenAI FinOps: product events (releases, approval requests, approvals) into the store.',
      roleDescription:
        'GenAI FinOps product events: writes releases, approvals and approval requests, publishes requests to the alerts topic.',
      entry: eventsEntry,
      serviceName: 'genai-finops-events',
      memorySize: 512,
      timeout: Duration.minutes(1),
      grant: (role) => grantEventsAccess(role, props),
      configParameter: props.configParameter,
      environment: { [ALERTS_TOPIC_ENV]: props.alertsTopic.topicArn },
      // Writes are conditional (leases, ETags), so a few at once are safe; the cap keeps a flood of
      // events from taking the account's concurrency.
      reservedConcurrentExecutions: 2,
      // A failed write is worth retrying; an invalid event fails every attempt and is dead-lettered.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: props.deadLetterQueue,
      opsTopic: props.opsTopic,
      errorsAlarmDescription:
        'GenAI FinOps product event failed (see the events log group and the dead-letter queue): a release, approval request or approval was not recorded.',
    }).function;
    this.rule = new ProductEventsRule(this, 'Events', {
      target: this.function,
      deadLetterQueue: props.deadLetterQueue,
    });
  }
}
