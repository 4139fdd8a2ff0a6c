import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';

/** The event a deploy pipeline puts on the default bus to mark a release. */
export const RELEASE_EVENT_PATTERN = { source: ['genai-finops'], detailType: ['Release'] } as const;

export interface ReleaseEventRuleProps {
  /** The anomaly function: it records a release event as a row of the releases table. */
  target: lambda.IFunction;
  dataBucket: s3.IBucket;
  deadLetterQueue: sqs.IQueue;
}

/**
 * Release events (`source: genai-finops`, `detail-type: Release`, on the default bus) invoke the
 * anomaly function, which adds the row to `releases` (its partition and that partition's lease only).
 */
export class ReleaseEventRule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ReleaseEventRuleProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'GenAI FinOps: a Release event adds a row to the releases table.',
      eventPattern: {
        source: [...RELEASE_EVENT_PATTERN.source],
        detailType: [...RELEASE_EVENT_PATTERN.detailType],
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.target, { deadLetterQueue: props.deadLetterQueue, retryAttempts: 3 }),
    );
    const role = props.target.role;
    if (!role) return;
    const curated = (path: string) => props.dataBucket.arnForObjects(`${CURATED_PREFIX}/${path}`);
    const resources = [curated('releases/*'), curated('_state/leases/releases/*')];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteReleases',
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources,
      }),
    );
    for (const r of resources)
      acknowledgeWildcardResource(
        role,
        r,
        'A release replaces its day partition of the releases table (part files named per write) under that partition’s lease.',
      );
  }
}
