import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PRODUCT_DETAIL_TYPES, PRODUCT_EVENT_SOURCE } from '../../functions/events/detail-types';

/** The product's events on the default bus: `source: genai-finops`, one of its detail-types. */
export const PRODUCT_EVENT_PATTERN = {
  source: [PRODUCT_EVENT_SOURCE],
  detailType: [...PRODUCT_DETAIL_TYPES],
} as const;

export interface ProductEventsRuleProps {
  /** The events function: it records each event in the store. */
  target: lambda.IFunction;
  /** Events EventBridge could not deliver after its retries. */
  deadLetterQueue: sqs.IQueue;
}

/**
 * One rule on the default bus for the three events the product defines (`Release`,
 * `ApprovalRequest`, `Approval`, all `source: genai-finops`), invoking the events function. Delivery
 * is retried 3 times, then dead-lettered; an event the function rejects fails its invocation and is
 * dead-lettered by the function's on-failure destination.
 */
export class ProductEventsRule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ProductEventsRuleProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description:
        'GenAI FinOps: Release, ApprovalRequest and Approval events (source genai-finops) to the events function.',
      eventPattern: {
        source: [...PRODUCT_EVENT_PATTERN.source],
        detailType: [...PRODUCT_EVENT_PATTERN.detailType],
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.target, { deadLetterQueue: props.deadLetterQueue, retryAttempts: 3 }),
    );
  }
}
