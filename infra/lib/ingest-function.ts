import { Aws, Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONFIG_ENV } from '../../shared/config';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';
import { ingestEntry, lockFile, repoRoot } from './repo-paths';
import { underPrefix } from './s3-location';

export { CONFIG_ENV };

/**
 * Node.js 24: the newest Lambda runtime this aws-cdk-lib offers (cdk-nag L1 asks for it),
 * supported by Powertools 2.x. The bundle targets node22 so it also runs on nodejs22.x.
 */
export const INGEST_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Packages that must never end up in the bundle: DuckDB is the local query engine (native binary). */
const NEVER_BUNDLED = ['@duckdb/node-api'];

/** Lets CommonJS dependencies call `require` inside the ESM bundle. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __genaiFinopsCreateRequire } from 'node:module'; const require = __genaiFinopsCreateRequire(import.meta.url);";

/** Props of {@link IngestFunction}. */
export interface IngestFunctionProps {
  /** JSON of the deployed configuration (may contain tokens). */
  configJson: string;
  /** Where Bedrock writes invocation logs: read-only access below `prefix`. */
  logsBucket: s3.IBucket;
  logsPrefix: string;
  /** The KMS key of an SSE-KMS logs bucket, if any: decrypt only. */
  logsKmsKeyArn?: string;
  /** The lake bucket: read, write and delete below `curated/`. */
  dataBucket: s3.IBucket;
  /** EventBridge `rate(…)`/`cron(…)` expression. */
  schedule: string;
  /** Reserved concurrency, or null for none. */
  reservedConcurrency: number | null;
}

/** The scheduled ingest Lambda: Bedrock invocation logs in S3 → curated Parquet. */
export class IngestFunction extends Construct {
  /** The Lambda function. */
  readonly function: nodejs.NodejsFunction;
  /** The EventBridge rule that runs it on `schedule`. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: write to this log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'GenAI FinOps ingest: reads Bedrock invocation logs, writes the curated lake.',
    });
    logGroup.grantWrite(role);
    grantIngestAccess(role, props);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'GenAI FinOps: Bedrock invocation logs to curated Parquet.',
      entry: ingestEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: INGEST_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      // One run at a time: two runs rebuilding the same day could otherwise overwrite each other.
      // A backfill invoked during the hourly run waits (asynchronous invocations are retried).
      ...(props.reservedConcurrency === null
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role,
      logGroup,
      environment: {
        [CONFIG_ENV]: props.configJson,
        POWERTOOLS_SERVICE_NAME: 'genai-finops-ingest',
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // Mapping stack traces needs only the mappings; embedded sources would just grow the asset.
        sourcesContent: false,
        // Bundle everything, the AWS SDK included (pinned, not the runtime's), except what must never ship.
        externalModules: NEVER_BUNDLED,
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
      },
    });

    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Runs the GenAI FinOps ingest.',
      schedule: events.Schedule.expression(props.schedule),
      targets: [
        new targets.LambdaFunction(this.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) }),
      ],
    });
  }
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
function grantIngestAccess(role: iam.Role, props: IngestFunctionProps): void {
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
