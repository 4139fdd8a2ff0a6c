import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CONFIG_PARAMETER_ENV } from '../../functions/shared/config-parameter-env';
import { grantIngestAccess, type IngestAccess } from './ingest-access';
import { createIngestSchedule } from './ingest-schedule';
import { ingestEntry, lockFile, repoRoot } from './repo-paths';

export { CONFIG_PARAMETER_ENV };

/**
 * Node.js 24: the newest Lambda runtime this aws-cdk-lib offers (cdk-nag L1 asks for it),
 * supported by Powertools 2.x. The bundle targets node22 so it also runs on nodejs22.x.
 */
export const INGEST_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Powertools service name of the Bedrock ingest: the `service` dimension of its EMF metrics. */
export const INGEST_SERVICE_NAME = 'genai-finops-ingest';

/** Packages that must never end up in the bundle: DuckDB is the local query engine (native binary). */
const NEVER_BUNDLED = ['@duckdb/node-api'];

/** Lets CommonJS dependencies call `require` inside the ESM bundle. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __genaiFinopsCreateRequire } from 'node:module'; const require = __genaiFinopsCreateRequire(import.meta.url);";

/** Props of {@link IngestFunction}. */
export interface IngestFunctionProps extends IngestAccess {
  /** The SSM parameter holding the configuration JSON; the function gets only its name. */
  configParameter: ssm.IStringParameter;
  /** EventBridge Scheduler `rate(…)`/`cron(…)` expression; undefined when a state machine is scheduled instead. */
  schedule: string | undefined;
  /** Reserved concurrency, or null for none. */
  reservedConcurrency: number | null;
  /** Memory (MB); default 1,024. */
  memorySize?: number;
  /** Receives runs that failed every retry, from the schedule and from the function's async invocation. */
  deadLetterQueue: sqs.IQueue;
  /** Invoked after each successful asynchronous run (the anomaly function), when given. */
  onSuccess?: lambda.IDestination;
}

/** The scheduled ingest Lambda: Bedrock invocation logs in S3 → curated Parquet. */
export class IngestFunction extends Construct {
  /** The Lambda function. */
  readonly function: nodejs.NodejsFunction;
  /** The EventBridge Scheduler schedule that runs it (none when the fan-out's state machine is scheduled). */
  readonly schedule: scheduler.Schedule | undefined;

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
    props.configParameter.grantRead(role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'GenAI FinOps: Bedrock invocation logs to curated Parquet.',
      entry: ingestEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: INGEST_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: Duration.minutes(15),
      // One run at a time: two runs rebuilding the same day could otherwise overwrite each other.
      // A backfill or continuation invoked during a run waits (asynchronous invocations are retried).
      ...(props.reservedConcurrency === null
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role,
      logGroup,
      environment: {
        [CONFIG_PARAMETER_ENV]: props.configParameter.parameterName,
        POWERTOOLS_SERVICE_NAME: INGEST_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        NODE_OPTIONS: '--enable-source-maps',
      },
      // Throttled runs wait in Lambda's queue up to 6 hours (reserved concurrency 1); failures retry twice.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(props.deadLetterQueue),
      ...(props.onSuccess ? { onSuccess: props.onSuccess } : {}),
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
    grantSelfInvoke(this, role, this.function);

    this.schedule =
      props.schedule === undefined
        ? undefined
        : createIngestSchedule(this, 'Schedule', {
            function: this.function,
            expression: props.schedule,
            deadLetterQueue: props.deadLetterQueue,
          });
  }
}

/**
 * Lets a run that stops near the timeout invoke its own function (unqualified ARN only). A separate
 * policy, not the role's default one: the function depends on that, and naming its ARN there would be a cycle.
 */
function grantSelfInvoke(scope: Construct, role: iam.IRole, fn: lambda.IFunction): void {
  new iam.Policy(scope, 'SelfInvokePolicy', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'ContinueOwnRun',
        actions: ['lambda:InvokeFunction'],
        resources: [fn.functionArn],
      }),
    ],
  });
}
