import { Aws } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CURATED_PREFIX } from './buckets';
import { allowFor } from './policy-statements';
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

/** Least privilege for the ingest: read the Bedrock logs prefix, read/write/delete the curated prefix. */
export function grantIngestAccess(role: iam.Role, props: IngestAccess): void {
  const { logsBucket, logsPrefix, dataBucket } = props;
  const allow = allowFor(role);
  allow(
    'ReadBedrockLogs',
    ['s3:GetObject'],
    [logsBucket.arnForObjects(underPrefix(logsPrefix, '*'))],
    'Read-only access to the Bedrock invocation log objects, limited to the configured source prefix.',
  );
  if (props.logsKmsKeyArn) allow('DecryptBedrockLogs', ['kms:Decrypt'], [props.logsKmsKeyArn]);
  allow(
    'ListBedrockLogs',
    ['s3:ListBucket'],
    [logsBucket.bucketArn],
    undefined,
    logsPrefix === '' ? undefined : { StringLike: { 's3:prefix': `${logsPrefix}/*` } },
  );
  allow(
    'ReadWriteCuratedLake',
    ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
    [dataBucket.arnForObjects(`${CURATED_PREFIX}/*`)],
    'The ingest replaces whole dt partitions of the curated tables (and stages under curated/_stage/); object keys are not known in advance, access stays below curated/.',
  );
  allow('ListCuratedLake', ['s3:ListBucket'], [dataBucket.bucketArn], undefined, {
    StringLike: { 's3:prefix': `${CURATED_PREFIX}/*` },
  });
  allow(
    'ResolveApplicationInferenceProfiles',
    ['bedrock:GetInferenceProfile'],
    [`arn:${Aws.PARTITION}:bedrock:*:${Aws.ACCOUNT_ID}:application-inference-profile/*`],
    'Logged model ids can be any application inference profile of this account, in any Region; the action is read-only.',
  );
}
