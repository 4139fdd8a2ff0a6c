import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { ATHENA_RESULTS_PREFIX, CURATED_PREFIX } from './buckets';
import { allowFor } from './policy-statements';

/** What the anomaly function reaches: names of the Athena workgroup and Glue database. */
export interface AnomalyAccess {
  dataBucket: s3.IBucket;
  alertsTopic: sns.ITopic;
  chatTopic?: sns.ITopic;
  workGroupName: string;
  databaseName: string;
}

/**
 * Least privilege for the anomaly function: Athena queries in its workgroup over the Glue tables,
 * reads of the curated tables and the query results, writes only under its own `_state/` folders
 * (incidents, series feedback, alert details, its lease), publish on the alerts topic(s).
 */
export function grantAnomalyAccess(role: iam.Role, access: AnomalyAccess): void {
  const { dataBucket } = access;
  const allow = allowFor(role);
  const arn = (service: string, resource: string) =>
    `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
  allow(
    'RunAthenaQueries',
    [
      'athena:StartQueryExecution',
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StopQueryExecution',
    ],
    [arn('athena', `workgroup/${access.workGroupName}`)],
  );
  allow(
    'ReadGlueTables',
    ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
    [
      arn('glue', 'catalog'),
      arn('glue', `database/${access.databaseName}`),
      arn('glue', `table/${access.databaseName}/*`),
    ],
    'Detection queries every curated table of its own database; read-only.',
  );
  const curated = (path: string) => dataBucket.arnForObjects(`${CURATED_PREFIX}/${path}`);
  allow(
    'ReadCuratedTables',
    ['s3:GetObject'],
    [curated('*'), dataBucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}/*`)],
    'Athena reads the curated tables with the caller’s permissions (partition keys not known in advance), and the query results.',
  );
  allow(
    'WriteQueryResultsAndState',
    ['s3:PutObject'],
    [
      dataBucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}/*`),
      curated('_state/incidents/*'),
      curated('_state/series/*'),
      curated('_state/alerts/*'),
      curated('_state/leases/anomaly/*'),
    ],
    'Incident, feedback and alert-detail objects are named per incident and series; Athena writes results under its prefix.',
  );
  allow(
    'ReleaseLease',
    ['s3:DeleteObject'],
    [curated('_state/leases/anomaly/*')],
    'The run lease is released by deleting it: its own lease key under _state/leases/anomaly/ only.',
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListCuratedAndResults',
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [dataBucket.bucketArn],
    }),
  );
  // sns:Publish plus the topic key's two data-key actions, spelled out: grantPublish would add the
  // wildcard action kms:GenerateDataKey*.
  for (const topic of [access.alertsTopic, access.chatTopic]) {
    if (!topic) continue;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    const key = (topic as sns.Topic).masterKey;
    if (key) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
      );
    }
  }
}
