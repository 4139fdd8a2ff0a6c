import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CONFIG_PARAMETER_ENV } from '../../functions/shared/config-parameter-env';
import { grantGpuIngestAccess } from './gpu-ingest-access';
import { INGEST_RUNTIME } from './ingest-function';
import { createIngestSchedule } from './ingest-schedule';
import { lockFile, repoRoot } from './repo-paths';

/** The GPU metrics Lambda handler's source file (exports `handler`). */
export const gpuIngestEntry: string = join(repoRoot, 'functions', 'ingest-gpu', 'handler.ts');

/** Props of {@link GpuIngestFunction}. */
export interface GpuIngestFunctionProps {
  configParameter: ssm.IStringParameter;
  dataBucket: s3.IBucket;
  /** EventBridge Scheduler expression (`gpu.schedule`, hourly by default). */
  schedule: string;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
}

/** The scheduled GPU metrics Lambda: CloudWatch GPU utilization → `gpu_hourly`, with its schedule and alarms. */
export class GpuIngestFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: GpuIngestFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'GenAI FinOps GPU metrics ingest: reads CloudWatch GPU metrics and resource tags, writes gpu_hourly.',
    });
    logGroup.grantWrite(role);
    grantGpuIngestAccess(role, props.dataBucket);
    props.configParameter.grantRead(role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'GenAI FinOps: CloudWatch GPU utilization to gpu_hourly.',
      entry: gpuIngestEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: INGEST_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(5),
      // No reserved concurrency: an overlapping run (a late retry, a manual backfill) waits on the
      // per-day lease in the store before rewriting a day, so two runs never interleave a day's files.
      role,
      logGroup,
      environment: {
        [CONFIG_PARAMETER_ENV]: props.configParameter.parameterName,
        POWERTOOLS_SERVICE_NAME: 'genai-finops-ingest-gpu',
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        NODE_OPTIONS: '--enable-source-maps',
      },
      // Each run re-reads its look-back and replaces those hours: a retry or late run loses nothing.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(props.deadLetterQueue),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: ['@duckdb/node-api'],
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire as __genaiFinopsCreateRequire } from 'node:module'; const require = __genaiFinopsCreateRequire(import.meta.url);",
      },
    });
    this.schedule = createIngestSchedule(this, 'Schedule', {
      function: this.function,
      expression: props.schedule,
      deadLetterQueue: props.deadLetterQueue,
    });
    // The shared dead-letter queue has its alarm already: only this function's errors alarm here.
    new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The GenAI FinOps GPU metrics ingest failed (it is retried; see its log group).',
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(props.opsTopic));
  }
}
