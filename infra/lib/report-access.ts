import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { ATHENA_RESULTS_PREFIX, CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';
import { allowFor } from './policy-statements';

/** Where the report function writes its files in the data bucket. */
export const REPORTS_PREFIX = 'reports';

/** What the report function reaches. */
export interface ReportAccessProps {
  dataBucket: s3.IBucket;
  workGroupName: string;
  databaseName: string;
  reportsTopic: sns.ITopic;
}

/**
 * Least privilege for the report: Athena queries in the pipeline's workgroup only, Glue reads of its
 * database, the curated tables read, its own `reports/` and Athena's `athena-results/` written, and
 * publishing to the reports topic with its key.
 */
export function grantReportAccess(role: iam.Role, props: ReportAccessProps): void {
  const stack = Stack.of(role);
  const { dataBucket } = props;
  const allow = allowFor(role);
  allow(
    'QueryInWorkGroup',
    [
      'athena:StartQueryExecution',
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StopQueryExecution',
    ],
    [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workGroupName })],
  );
  const tables = stack.formatArn({
    service: 'glue',
    resource: 'table',
    resourceName: `${props.databaseName}/*`,
  });
  allow(
    'ReadCatalog',
    ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
    [
      stack.formatArn({ service: 'glue', resource: 'catalog' }),
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName }),
      tables,
    ],
  );
  acknowledgeWildcardResource(
    role,
    tables,
    'Athena reads the table definitions of the pipeline database only (every curated table, read-only).',
  );
  allow(
    'ReadCurated',
    ['s3:GetObject'],
    [dataBucket.arnForObjects(`${CURATED_PREFIX}/*`)],
    'The shipped queries read Parquet objects of every curated table (keys by dt partition, not known in advance); read-only.',
  );
  allow(
    'WriteReports',
    ['s3:PutObject', 's3:GetObject'],
    [dataBucket.arnForObjects(`${REPORTS_PREFIX}/*`)],
    'The report writes its three files under reports/<period>/<from>_<to>/ and signs a GET link to report.html there.',
  );
  allow(
    'AthenaResults',
    ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
    [dataBucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}/*`)],
    'Athena writes and reads query results under athena-results/ with the caller’s permissions (one object per query id).',
  );
  allow('ListForQueries', ['s3:ListBucket'], [dataBucket.bucketArn], undefined, {
    StringLike: { 's3:prefix': [`${CURATED_PREFIX}/*`, `${ATHENA_RESULTS_PREFIX}/*`] },
  });
  allow('BucketLocation', ['s3:GetBucketLocation'], [dataBucket.bucketArn]);
  allow('PublishReport', ['sns:Publish'], [props.reportsTopic.topicArn]);
  const key = props.reportsTopic.masterKey;
  if (key) allow('EncryptForTopic', ['kms:GenerateDataKey', 'kms:Decrypt'], [key.keyArn]);
}
