import { join } from 'node:path';
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
import { Construct } from 'constructs';
import { CONFIG_PARAMETER_ENV } from '../../functions/shared/config-parameter-env';
import type { EnforcementConfig } from '../../shared/config/guardrails-schema';
import { type AnomalyAccess, grantAnomalyAccess } from './anomaly-access';
import { grantGuardrailAccess } from './guardrail-access';
import { INGEST_RUNTIME } from './ingest-function';
import { lockFile, repoRoot } from './repo-paths';

/** The anomaly Lambda handler's source file (exports `handler`). */
export const anomalyEntry: string = join(repoRoot, 'functions', 'anomaly', 'handler.ts');

/** Props of {@link AnomalyFunction}. */
export interface AnomalyFunctionProps extends AnomalyAccess {
  configParameter: ssm.IStringParameter;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
  /** The guardrails' enforcement settings: IAM permissions only when enabled. */
  enforcement: EnforcementConfig;
}

/**
 * The anomaly function: production detection over the lake (Athena), incidents in the store,
 * alerts to the alerts topic. Run by the Bedrock ingest's on-success destination, so detection
 * follows each ingest run instead of an unrelated clock. {@link onIngestSuccess} is that destination.
 */
export class AnomalyFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** Pass to the ingest function as `onSuccess`: each successful asynchronous run invokes detection. */
  readonly onIngestSuccess: lambda.IDestination;

  constructor(scope: Construct, id: string, props: AnomalyFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'GenAI FinOps anomaly detection: Athena reads of the lake, incident state, alerts topic.',
    });
    logGroup.grantWrite(role);
    grantAnomalyAccess(role, props);
    grantGuardrailAccess(role, { dataBucket: props.dataBucket, enforcement: props.enforcement });
    props.configParameter.grantRead(role);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'GenAI FinOps: anomaly detection and alerts after each Bedrock ingest.',
      entry: anomalyEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: INGEST_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      // One run at a time (it also holds a lease): incidents are reconciled by one writer.
      reservedConcurrentExecutions: 1,
      role,
      logGroup,
      environment: {
        [CONFIG_PARAMETER_ENV]: props.configParameter.parameterName,
        GENAI_FINOPS_ALERTS_TOPIC_ARN: props.alertsTopic.topicArn,
        ...(props.chatTopic ? { GENAI_FINOPS_CHAT_TOPIC_ARN: props.chatTopic.topicArn } : {}),
        POWERTOOLS_SERVICE_NAME: 'genai-finops-anomaly',
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        NODE_OPTIONS: '--enable-source-maps',
      },
      // A run re-judges the whole window: a stale queued run is worth nothing once the next ingest ran.
      retryAttempts: 1,
      maxEventAge: Duration.minutes(30),
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
    this.onIngestSuccess = new destinations.LambdaDestination(this.function);
    new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'GenAI FinOps anomaly detection failed (see its log group): alerts may be missing.',
      metric: this.function.metricErrors({ period: Duration.minutes(15), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(props.opsTopic));
  }
}
