import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { SELECTION_KEY } from '../../shared/cost/cached-selection';
import { allowFor, grantOwnTable } from './policy-statements';

/**
 * Least privilege for the Cost Explorer ingest: exactly the two calls it makes (each $0.01), and
 * its own table's partitions and leases in the lake. Cost Explorer has no resource-level permissions.
 */
export function grantCostIngestAccess(role: iam.Role, dataBucket: s3.IBucket): void {
  const allow = allowFor(role);
  allow(
    'ReadCostExplorer',
    ['ce:GetCostAndUsage', 'ce:GetDimensionValues'],
    ['*'],
    'Cost Explorer GetCostAndUsage and GetDimensionValues support no resource-level permissions; both are read-only.',
  );
  // One state object, read and conditionally rewritten: its kept discovery.
  grantOwnTable(allow, dataBucket, {
    table: 'cost_daily',
    stateKey: SELECTION_KEY,
    sid: 'CostDaily',
    reason:
      'The Cost Explorer ingest replaces whole dt partitions of cost_daily (keys not known in advance), holds a lease per day, and keeps its discovery; nothing else.',
  });
}
