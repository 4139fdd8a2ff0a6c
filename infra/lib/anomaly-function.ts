import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { EnforcementConfig } from '../../shared/config/guardrails-schema';
import { type AnomalyAccess, grantAnomalyAccess } from './anomaly-access';
import { createDetectionNotRunAlarm } from './detection-alarm';
import { grantGuardrailAccess } from './guardrail-access';
import { repoRoot } from './repo-paths';
import { createScheduledFunction } from './scheduled-function';

/** The anomaly Lambda handler's source file (exports `handler`). */
export const anomalyEntry: string = join(repoRoot, 'functions', 'anomaly', 'handler.ts');

/** Props of {@link AnomalyFunction}. */
export interface AnomalyFunctionProps extends AnomalyAccess {
  configParameter: ssm.IStringParameter;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
  /** The guardrails' enforcement settings: IAM permissions only when enabled. */
  enforcement: EnforcementConfig;
  /** Periods of the "detection did not run" alarm (`detectionAlarmPeriods`), or null for none. */
  notRunAlarmPeriods: number | null;
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
    this.function = createScheduledFunction(this, {
      description: 'GenAI FinOps: anomaly detection and alerts after each Bedrock ingest.',
      roleDescription:
        'GenAI FinOps anomaly detection: Athena reads of the lake, incident state, alerts topic.',
      entry: anomalyEntry,
      serviceName: 'genai-finops-anomaly',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      grant: (role) => {
        grantAnomalyAccess(role, props);
        grantGuardrailAccess(role, { dataBucket: props.dataBucket, enforcement: props.enforcement });
      },
      configParameter: props.configParameter,
      environment: {
        GENAI_FINOPS_ALERTS_TOPIC_ARN: props.alertsTopic.topicArn,
        ...(props.chatTopic ? { GENAI_FINOPS_CHAT_TOPIC_ARN: props.chatTopic.topicArn } : {}),
      },
      // One run at a time (it also holds a lease): incidents are reconciled by one writer.
      reservedConcurrentExecutions: 1,
      // A run re-judges the whole window: a stale queued run is worth nothing once the next ingest ran.
      retryAttempts: 1,
      maxEventAge: Duration.minutes(30),
      deadLetterQueue: props.deadLetterQueue,
      opsTopic: props.opsTopic,
      errorsAlarmDescription:
        'GenAI FinOps anomaly detection failed (see its log group): alerts may be missing.',
      errorsAlarmPeriod: Duration.minutes(15),
    }).function;
    this.onIngestSuccess = new destinations.LambdaDestination(this.function);
    if (props.notRunAlarmPeriods !== null) {
      createDetectionNotRunAlarm(this, {
        function: this.function,
        opsTopic: props.opsTopic,
        periods: props.notRunAlarmPeriods,
      });
    }
  }
}
