import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { grantCostIngestAccess } from './cost-ingest-access';
import { createIngestSchedule } from './ingest-schedule';
import { repoRoot } from './repo-paths';
import { createScheduledFunction } from './scheduled-function';

/** The Cost Explorer Lambda handler's source file (exports `handler`). */
export const costIngestEntry: string = join(repoRoot, 'functions', 'ingest-cost', 'handler.ts');

/** Props of {@link CostIngestFunction}. */
export interface CostIngestFunctionProps {
  configParameter: ssm.IStringParameter;
  dataBucket: s3.IBucket;
  /** EventBridge Scheduler expression (`costExplorer.schedule`, daily by default). */
  schedule: string;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
}

/** The scheduled Cost Explorer Lambda: billed cost → `cost_daily`, with its schedule and alarm. */
export class CostIngestFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: CostIngestFunctionProps) {
    super(scope, id);
    this.function = createScheduledFunction(this, {
      description: 'GenAI FinOps: Cost Explorer billed cost to cost_daily.',
      roleDescription: 'GenAI FinOps Cost Explorer ingest: reads Cost Explorer, writes cost_daily.',
      entry: costIngestEntry,
      serviceName: 'genai-finops-ingest-cost',
      memorySize: 512,
      timeout: Duration.minutes(5),
      grant: (role) => grantCostIngestAccess(role, props.dataBucket),
      configParameter: props.configParameter,
      // One run at a time is plenty (daily); day leases keep a manual backfill and the schedule apart.
      // Each run re-pulls its look-back and replaces those days: a retry loses nothing (and costs ~7 requests).
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: props.deadLetterQueue,
      opsTopic: props.opsTopic,
      errorsAlarmDescription:
        'The GenAI FinOps Cost Explorer ingest failed (it is retried; see its log group).',
    }).function;
    this.schedule = createIngestSchedule(this, 'Schedule', {
      function: this.function,
      expression: props.schedule,
      deadLetterQueue: props.deadLetterQueue,
    });
  }
}
