import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { topicsKey } from './topics-key';

/**
 * The operations topic alarms publish to: KMS-encrypted with the topics' key (CloudWatch cannot
 * publish to a topic under the AWS-managed `alias/aws/sns` key, see `topicsKey`) and TLS-only.
 */
export function createOpsTopic(scope: Construct, id: string): sns.Topic {
  return new sns.Topic(scope, id, {
    displayName: 'GenAI FinOps operations',
    masterKey: topicsKey(scope),
    enforceSSL: true,
  });
}
