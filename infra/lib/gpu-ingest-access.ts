import { Aws } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { MEMORY_TOTALS_KEY } from '../../shared/gpu/memory-totals';
import { allowFor, grantOwnTable } from './policy-statements';

/**
 * Least privilege for the GPU metrics ingest: exactly the calls it makes. CloudWatch reads and
 * EC2 DescribeInstances have no resource-level permissions (`*` is the only resource they accept);
 * SageMaker reads are limited to this account's endpoints and endpoint configurations.
 */
export function grantGpuIngestAccess(role: iam.Role, dataBucket: s3.IBucket): void {
  const allow = allowFor(role);
  allow(
    'ReadGpuMetrics',
    ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'],
    ['*'],
    'CloudWatch GetMetricData and ListMetrics support no resource-level permissions; both are read-only.',
  );
  allow(
    'DescribeGpuInstances',
    ['ec2:DescribeInstances'],
    ['*'],
    'EC2 DescribeInstances supports no resource-level permissions; it reads instance types and tags only.',
  );
  allow(
    'DescribeSageMakerEndpoints',
    ['sagemaker:DescribeEndpoint', 'sagemaker:DescribeEndpointConfig', 'sagemaker:ListTags'],
    [
      `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:endpoint/*`,
      `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:endpoint-config/*`,
    ],
    'Any endpoint of this account and Region may report GPU metrics; the actions are read-only (instance types and tags).',
  );
  // One state object, read and conditionally rewritten: its kept GPU memory totals.
  grantOwnTable(allow, dataBucket, {
    table: 'gpu_hourly',
    stateKey: MEMORY_TOTALS_KEY,
    sid: 'GpuHourly',
    reason:
      'The GPU ingest replaces whole dt partitions of gpu_hourly (keys not known in advance), holds a lease per day, and keeps its GPU memory totals; nothing else.',
  });
}
