import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { CONFIG_PARAMETER_ENV } from '../../functions/shared/config-parameter-env';
import { METRICS_NAMESPACE } from './ingest-alarms';
import { INGEST_RUNTIME } from './ingest-function';
import { lockFile, repoRoot } from './repo-paths';
import { acknowledgeScheduledFunction } from './serverless-findings';

/**
 * How every pipeline function is bundled: one minified ESM file by local esbuild, the pinned AWS SDK
 * inside, DuckDB (the local query engine, a native binary) never, and a `require` for CommonJS dependencies.
 */
export const PIPELINE_BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Mapping stack traces needs only the mappings; embedded sources would just grow the asset.
  sourcesContent: false,
  externalModules: ['@duckdb/node-api'],
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as __genaiFinopsCreateRequire } from 'node:module'; const require = __genaiFinopsCreateRequire(import.meta.url);",
};

/** Props of {@link createScheduledFunction}. */
export interface ScheduledFunctionProps {
  /** The Lambda function's description (tests and the console tell the functions apart by it). */
  description: string;
  /** The execution role's description: what the function reads and writes. */
  roleDescription: string;
  /** The handler's source file (exports `handler`). */
  entry: string;
  /** `POWERTOOLS_SERVICE_NAME`: the `service` dimension of the function's EMF metrics. */
  serviceName: string;
  memorySize: number;
  timeout: Duration;
  /** Grants the function's own accesses (after its log group, before its configuration parameter). */
  grant: (role: iam.Role) => void;
  /** The SSM parameter holding the configuration JSON; the function gets only its name. */
  configParameter: ssm.IStringParameter;
  /** More environment variables (topic ARNs), placed after the configuration parameter's name. */
  environment?: Readonly<Record<string, string>>;
  /** Reserved concurrency; none when absent. */
  reservedConcurrentExecutions?: number;
  /** Retries of a failed asynchronous invocation (0–2). */
  retryAttempts: number;
  /** How long an asynchronous invocation may wait (throttled or retried) before it is dead-lettered. */
  maxEventAge: Duration;
  /** Receives asynchronous invocations that failed every retry (on-failure destination). */
  deadLetterQueue: sqs.IQueue;
  /** Invoked after each successful asynchronous run (the Bedrock ingest's detection), when given. */
  onSuccess?: lambda.IDestination;
  /** The errors alarm publishes here. */
  opsTopic: sns.ITopic;
  /** The errors alarm's description: what failed and what it means. */
  errorsAlarmDescription: string;
  /** Period of the errors alarm; 5 minutes when absent. */
  errorsAlarmPeriod?: Duration;
}

/** What {@link createScheduledFunction} made. */
export interface ScheduledFunction {
  function: nodejs.NodejsFunction;
  role: iam.Role;
  logGroup: logs.LogGroup;
  errorsAlarm: cloudwatch.Alarm;
}

/**
 * One pipeline function as every scheduled job has it, created in `scope` (ids `Logs`, `Role`,
 * `Function`, `ErrorsAlarm`): its own log group kept 30 days, an explicit role (no managed policy)
 * that writes that log group and reads the configuration parameter, Node.js 24 on arm64, the shared
 * bundling, asynchronous failures to the dead-letter queue after the retries, and an alarm to the ops
 * topic on any error. Schedules stay with the caller (a job may have one, two or none).
 */
export function createScheduledFunction(scope: Construct, props: ScheduledFunctionProps): ScheduledFunction {
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);
  props.grant(role);
  props.configParameter.grantRead(role);

  const fn = new nodejs.NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: props.entry,
    handler: 'handler',
    projectRoot: repoRoot,
    depsLockFilePath: lockFile,
    runtime: INGEST_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    ...(props.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
    role,
    logGroup,
    environment: {
      [CONFIG_PARAMETER_ENV]: props.configParameter.parameterName,
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: props.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    },
    retryAttempts: props.retryAttempts,
    maxEventAge: props.maxEventAge,
    onFailure: new destinations.SqsDestination(props.deadLetterQueue),
    ...(props.onSuccess ? { onSuccess: props.onSuccess } : {}),
    bundling: PIPELINE_BUNDLING,
  });
  acknowledgeScheduledFunction(fn);

  // The shared dead-letter queue has its alarm already: only this function's errors alarm here.
  const errorsAlarm = new cloudwatch.Alarm(scope, 'ErrorsAlarm', {
    alarmDescription: props.errorsAlarmDescription,
    metric: fn.metricErrors({
      period: props.errorsAlarmPeriod ?? Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  errorsAlarm.addAlarmAction(new actions.SnsAction(props.opsTopic));
  return { function: fn, role, logGroup, errorsAlarm };
}
