import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { SHUFFLE_NONCURRENT_DAYS } from '../../shared/bedrock/day-groups';
import { SHUFFLE_ROOT } from '../../shared/bedrock/shuffle-day';
import {
  CURATED_RETENTION_DAYS,
  RAW_LOG_RETENTION_DAYS,
  REWRITTEN_NONCURRENT_DAYS,
  STAGING_COLD_AFTER_DAYS,
} from '../../shared/lake/retention';

/** Key prefix of curated tables in the data bucket: `curated/<table>/dt=YYYY-MM-DD/`. */
export const CURATED_PREFIX = 'curated';
/** Key prefix of Athena query results in the data bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results';
/**
 * The ingest's staging area: one metadata-only extract per source hour folder and day, from which each
 * day of bedrock_invocations is rebuilt. Durable on purpose: a late arrival recompacts its day from it
 * (never expire it while the curated tables are kept). Outside every table's location.
 */
export const STAGING_PREFIX = `${CURATED_PREFIX}/_stage`;

/** What every bucket here shares: private, S3-managed encryption, TLS only, kept on stack deletion. */
function privateBucketProps(): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: false,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

/** The bucket that receives S3 server access logs of the other buckets (SSE-S3: access logging cannot use KMS). */
export function createAccessLogsBucket(scope: Construct, id: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...privateBucketProps(),
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the server-access-log destination; logging it into itself would loop.',
  });
  return bucket;
}

/** Days a replaced or deleted curated object stays recoverable as a noncurrent version. */
export const CURATED_NONCURRENT_DAYS = 7;

/**
 * The lake bucket: curated Parquet under `curated/`, Athena results under `athena-results/`.
 * Versioned, so a bad rebuild or a mistaken delete of a partition can be undone for
 * {@link CURATED_NONCURRENT_DAYS} days; every run replaces partitions and staging extracts, so
 * noncurrent versions expire quickly (a day for staging and results) instead of piling up.
 */
export function createDataBucket(scope: Construct, id: string, accessLogs: s3.IBucket): s3.Bucket {
  return new s3.Bucket(scope, id, {
    ...privateBucketProps(),
    versioned: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'data/',
    lifecycleRules: [
      {
        id: 'expire-athena-results',
        prefix: `${ATHENA_RESULTS_PREFIX}/`,
        expiration: Duration.days(30),
        noncurrentVersionExpiration: Duration.days(1),
      },
      // Staging extracts are rewritten on every run of their hour: keep only the current one.
      {
        id: 'expire-noncurrent-staging',
        prefix: `${STAGING_PREFIX}/`,
        noncurrentVersionExpiration: Duration.days(1),
      },
      // A day rebuild's bucket objects are rewritten and deleted by every rebuild: keep their old versions a day.
      {
        id: 'expire-noncurrent-shuffle',
        prefix: `${CURATED_PREFIX}/${SHUFFLE_ROOT}/`,
        noncurrentVersionExpiration: Duration.days(SHUFFLE_NONCURRENT_DAYS),
      },
      {
        id: 'expire-noncurrent-curated',
        prefix: `${CURATED_PREFIX}/`,
        noncurrentVersionExpiration: Duration.days(CURATED_NONCURRENT_DAYS),
      },
      ...retainedTableRules(),
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
  });
}

/** Objects below this are not transitioned: Glacier Instant Retrieval bills each as at least 128 KB. */
const MIN_TRANSITION_BYTES = 128 * 1024;

/**
 * The tables that grow with invocations (and their staged extracts) expire after
 * `CURATED_RETENTION_DAYS`; their rewritten partitions keep a day of noncurrent versions (the shorter
 * rule wins where it overlaps the curated/ one); staged extracts go cold after
 * `STAGING_COLD_AFTER_DAYS`. The cost estimate prices exactly this (shared/lake/retention.ts).
 */
function retainedTableRules(): s3.LifecycleRule[] {
  const rewritten = (table: string): s3.LifecycleRule => ({
    id: `retain-${table.replace(/_/g, '-')}`,
    prefix: `${CURATED_PREFIX}/${table}/`,
    expiration: Duration.days(CURATED_RETENTION_DAYS),
    noncurrentVersionExpiration: Duration.days(REWRITTEN_NONCURRENT_DAYS),
  });
  return [
    rewritten('bedrock_invocations'),
    rewritten('usage_hourly'),
    rewritten('identity_daily'),
    {
      id: 'retain-staged-extracts',
      prefix: `${STAGING_PREFIX}/bedrock_invocations/dt=`,
      expiration: Duration.days(CURATED_RETENTION_DAYS),
      transitions: [
        {
          storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
          transitionAfter: Duration.days(STAGING_COLD_AFTER_DAYS),
        },
      ],
      objectSizeGreaterThan: MIN_TRANSITION_BYTES,
    },
  ];
}

/**
 * A bucket Amazon Bedrock can deliver model invocation logs to (same account and Region), under
 * `keyPrefix` (`''` for the root), with the bucket policy Bedrock's logging configuration requires:
 * the Bedrock service may put objects under `<prefix>/AWSLogs/<account>/BedrockModelInvocationLogs/`
 * only, on behalf of this account's logging configuration in this Region (bedrock-invocation-logs.md §2).
 */
export function createBedrockLogsBucket(
  scope: Construct,
  id: string,
  accessLogs: s3.IBucket,
  keyPrefix = '',
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...privateBucketProps(),
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'bedrock-logs/',
    lifecycleRules: [
      // Raw logs hold prompts and completions: kept only as long as a re-ingest may need them.
      { id: 'expire-raw-logs', expiration: Duration.days(RAW_LOG_RETENTION_DAYS) },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
  });
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AmazonBedrockLogsWrite',
      principals: [new iam.ServicePrincipal('bedrock.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [
        bucket.arnForObjects(
          `${keyPrefix ? `${keyPrefix}/` : ''}AWSLogs/${Aws.ACCOUNT_ID}/BedrockModelInvocationLogs/*`,
        ),
      ],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        // Logging delivers only to a bucket in its own Region.
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
      },
    }),
  );
  return bucket;
}
