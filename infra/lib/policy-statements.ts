import type * as iam from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';

/**
 * Adds one statement to a role's policy. `reason` acknowledges, with that reason, the cdk-nag
 * finding of each wildcard resource in it (a service that supports no resource-level permissions).
 */
export type Allow = (
  sid: string,
  actions: string[],
  resources: string[],
  reason?: string,
  conditions?: Record<string, unknown>,
) => void;

/** The `Allow` of one role. */
export function allowFor(role: iam.Role): Allow {
  return (sid, actions, resources, reason, conditions) => {
    role.addToPrincipalPolicy(
      new PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
    );
    if (reason) for (const r of resources) acknowledgeWildcardResource(role, r, reason);
  };
}

/**
 * What an ingest that owns one curated table needs of the lake: read, replace and list that
 * table's partitions and its per-day leases, and one state object of its own; nothing else.
 * Statements `ReadWrite<sid>` and `List<sid>`.
 */
export function grantOwnTable(
  allow: Allow,
  bucket: s3.IBucket,
  own: { table: string; stateKey: string; sid: string; reason: string },
): void {
  const prefixes = [
    `${CURATED_PREFIX}/${own.table}/*`,
    `${CURATED_PREFIX}/_state/leases/${own.table}/*`,
    `${CURATED_PREFIX}/${own.stateKey}`,
  ];
  allow(
    `ReadWrite${own.sid}`,
    ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    prefixes.map((p) => bucket.arnForObjects(p)),
    own.reason,
  );
  allow(`List${own.sid}`, ['s3:ListBucket'], [bucket.bucketArn], undefined, {
    StringLike: { 's3:prefix': prefixes },
  });
}
