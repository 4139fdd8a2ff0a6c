import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

const KEY_ID = 'TopicsKey';

/**
 * The one customer managed key of the pipeline's SNS topics (operations, alerts, reports), created
 * once under `scope` (the `GenAiFinOps` construct) and shared. A customer managed key is needed at
 * all because CloudWatch alarms cannot publish to a topic under the AWS-managed `alias/aws/sns` key
 * (its policy cannot be changed); one key for the three topics rather than one each because a second
 * key ($1 a month, plus rotation) would separate nothing: who may publish to a topic is decided by
 * IAM and the topic, and the same publishers use all of them. The key policy lets in exactly the
 * publishers that are not IAM principals of this account: CloudWatch alarms of this account. The
 * functions publish through their roles (`grantPublish` grants this key's use to those roles only,
 * under the account's default key policy statement). The data lake stays on SSE-S3: its readers are
 * IAM roles of the account and Athena, which a CMK would only add request charges for.
 */
export function topicsKey(scope: Construct): kms.Key {
  const existing = scope.node.tryFindChild(KEY_ID);
  if (existing instanceof kms.Key) return existing;
  const key = new kms.Key(scope, KEY_ID, {
    description: 'GenAI FinOps topics (operations, alerts, reports)',
    enableKeyRotation: true,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
  return key;
}
