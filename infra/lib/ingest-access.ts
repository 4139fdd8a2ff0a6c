import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';
import { underPrefix } from './s3-location';

/** What the ingest reads and writes. */
export interface IngestAccess {
  /** Where Bedrock writes invocation logs: read-only access below `logsPrefix`. */
  logsBucket: s3.IBucket;
  logsPrefix: string;
  /** The KMS key of an SSE-KMS logs bucket, if any: decrypt only. */
  logsKmsKeyArn?: string;
  /** The lake bucket: read, write and delete below `curated/`. */
  dataBucket: s3.IBucket;
}

/** One allow statement; a wildcard resource is acknowledged for cdk-nag with `reason` (it is always a prefix). */
function allow(
  role: iam.Role,
  statement: { sid: string; actions: string[]; resources: string[]; conditions?: Record<string, unknown> },
  reason?: string,
): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement(statement));
  if (reason === undefined) return;
  for (const resource of statement.resources) acknowledgeWildcardResource(role, resource, reason);
}

/** Least privilege for the ingest: read the Bedrock logs prefix, read/write/delete the curated prefix. */
export function grantIngestAccess(role: iam.Role, props: IngestAccess): void {
  const { logsBucket, logsPrefix, dataBucket } = props;
  allow(
    role,
    {
      sid: 'ReadBedrockLogs',
      actions: ['s3:GetObject'],
      resources: [logsBucket.arnForObjects(underPrefix(logsPrefix, '*'))],
    },
    'Read-only access to the Bedrock invocation log objects, limited to the configured source prefix.',
  );
  if (props.logsKmsKeyArn) {
    allow(role, { sid: 'DecryptBedrockLogs', actions: ['kms:Decrypt'], resources: [props.logsKmsKeyArn] });
  }
  allow(role, {
    sid: 'ListBedrockLogs',
    actions: ['s3:ListBucket'],
    resources: [logsBucket.bucketArn],
    ...(logsPrefix === '' ? {} : { conditions: { StringLike: { 's3:prefix': `${logsPrefix}/*` } } }),
  });
  allow(
    role,
    {
      sid: 'ReadWriteCuratedLake',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [dataBucket.arnForObjects(`${CURATED_PREFIX}/*`)],
    },
    'The ingest replaces whole dt partitions of the curated tables (and stages under curated/_stage/); object keys are not known in advance, access stays below curated/.',
  );
  allow(role, {
    sid: 'ListCuratedLake',
    actions: ['s3:ListBucket'],
    resources: [dataBucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': `${CURATED_PREFIX}/*` } },
  });
  allow(
    role,
    {
      sid: 'ResolveApplicationInferenceProfiles',
      actions: ['bedrock:GetInferenceProfile'],
      resources: [`arn:${Aws.PARTITION}:bedrock:*:${Aws.ACCOUNT_ID}:application-inference-profile/*`],
    },
    'Logged model ids can be any application inference profile of this account, in any Region; the action is read-only.',
  );
}
