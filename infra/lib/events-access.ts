import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { APPROVAL_REQUESTS_KEY } from '../../shared/guardrails/approval-requests';
import { APPROVAL_AUDIT_ROOT, APPROVALS_KEY } from '../../shared/guardrails/approvals';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';

/** What the events function reaches. */
export interface EventsAccess {
  dataBucket: s3.IBucket;
  /** Approval requests are announced here. */
  alertsTopic: sns.ITopic;
}

/**
 * Least privilege for the events function: the `releases` partitions and their leases (read,
 * replace), the approvals, the approval requests and the approvals audit trail (read, conditional
 * write; nothing is ever deleted there), listing the bucket (a missing key must read as 404, not
 * 403), and publish on the alerts topic. No Athena, no other table, no other state.
 */
export function grantEventsAccess(role: iam.Role, access: EventsAccess): void {
  const { dataBucket } = access;
  const curated = (path: string) => dataBucket.arnForObjects(`${CURATED_PREFIX}/${path}`);
  const releases = [curated('releases/*'), curated('_state/leases/releases/*')];
  const approvals = [
    curated(APPROVALS_KEY),
    curated(APPROVAL_REQUESTS_KEY),
    curated(`${APPROVAL_AUDIT_ROOT}/*`),
  ];
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteReleases',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: releases,
    }),
  );
  for (const r of releases)
    acknowledgeWildcardResource(
      role,
      r,
      'A release replaces its day partition of the releases table (part files named per write) under that partition’s lease.',
    );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteApprovals',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: approvals,
    }),
  );
  acknowledgeWildcardResource(
    role,
    curated(`${APPROVAL_AUDIT_ROOT}/*`),
    'The approvals audit trail is one object per entry, named by time and id, created once and never rewritten.',
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListLake',
      actions: ['s3:ListBucket'],
      resources: [dataBucket.bucketArn],
    }),
  );
  // sns:Publish plus the topic key's two data-key actions, spelled out: grantPublish would add the
  // wildcard action kms:GenerateDataKey*.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [access.alertsTopic.topicArn] }),
  );
  const key = (access.alertsTopic as sns.Topic).masterKey;
  if (key)
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    );
}
