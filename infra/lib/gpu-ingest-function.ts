import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { grantGpuIngestAccess } from './gpu-ingest-access';
import { createIngestSchedule } from './ingest-schedule';
import { repoRoot } from './repo-paths';
import { createScheduledFunction } from './scheduled-function';

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
    this.function = createScheduledFunction(this, {
      description: 'GenAI FinOps: CloudWatch GPU utilization to gpu_hourly.',
      roleDescription:
        'GenAI FinOps GPU metrics ingest: reads CloudWatch GPU metrics and resource tags, writes gpu_hourly.',
      entry: gpuIngestEntry,
      serviceName: 'genai-finops-ingest-gpu',
      memorySize: 512,
      timeout: Duration.minutes(5),
      grant: (role) => grantGpuIngestAccess(role, props.dataBucket),
      configParameter: props.configParameter,
      // No reserved concurrency: an overlapping run (a late retry, a manual backfill) waits on the
      // per-day lease in the store before rewriting a day, so two runs never interleave a day's files.
      // Each run re-reads its look-back and replaces those hours: a retry or late run loses nothing.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      deadLetterQueue: props.deadLetterQueue,
      opsTopic: props.opsTopic,
      errorsAlarmDescription:
        'The GenAI FinOps GPU metrics ingest failed (it is retried; see its log group).',
    }).function;
    this.schedule = createIngestSchedule(this, 'Schedule', {
      function: this.function,
      expression: props.schedule,
      deadLetterQueue: props.deadLetterQueue,
    });
  }
}
