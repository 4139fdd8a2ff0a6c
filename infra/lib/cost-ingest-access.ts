import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { SELECTION_KEY } from '../../shared/cost/cached-selection';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';

/**
 * Least privilege for the Cost Explorer ingest: exactly the two calls it makes (each $0.01), and
 * its own table's partitions and leases in the lake. Cost Explorer has no resource-level permissions.
 */
export function grantCostIngestAccess(role: iam.Role, dataBucket: s3.IBucket): void {
  const allow = (
    sid: string,
    actions: string[],
    resources: string[],
    reason?: string,
    conditions?: Record<string, unknown>,
  ) => {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
    );
    if (reason) for (const r of resources) acknowledgeWildcardResource(role, r, reason);
  };
  allow(
    'ReadCostExplorer',
    ['ce:GetCostAndUsage', 'ce:GetDimensionValues'],
    ['*'],
    'Cost Explorer GetCostAndUsage and GetDimensionValues support no resource-level permissions; both are read-only.',
  );
  allow(
    'ReadWriteCostDaily',
    ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    [
      dataBucket.arnForObjects(`${CURATED_PREFIX}/cost_daily/*`),
      dataBucket.arnForObjects(`${CURATED_PREFIX}/_state/leases/cost_daily/*`),
      // One object, read and conditionally rewritten: its kept discovery.
      dataBucket.arnForObjects(`${CURATED_PREFIX}/${SELECTION_KEY}`),
    ],
    'The Cost Explorer ingest replaces whole dt partitions of cost_daily (keys not known in advance) holds a lease per day, and keeps its kept discovery; nothing else.',
  );
  allow('ListCostDaily', ['s3:ListBucket'], [dataBucket.bucketArn], undefined, {
    StringLike: {
      's3:prefix': [
        `${CURATED_PREFIX}/cost_daily/*`,
        `${CURATED_PREFIX}/_state/leases/cost_daily/*`,
        `${CURATED_PREFIX}/${SELECTION_KEY}`,
      ],
    },
  });
}
