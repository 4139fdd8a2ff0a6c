import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FanOutConfig } from '../../shared/config/schema';
import { createIngestSchedule } from './ingest-schedule';
import { IngestStateMachine } from './ingest-state-machine';

/** Props of {@link IngestFanOut}. */
export interface IngestFanOutProps {
  ingestFunction: lambda.IFunction;
  anomalyFunction: lambda.IFunction;
  dataBucket: s3.IBucket;
  opsTopic: sns.ITopic;
  /** Receives the schedule's starts that could not be delivered after its retries. */
  deadLetterQueue: sqs.IQueue;
  /** `ingest.schedule`. */
  expression: string;
  fanOut: FanOutConfig;
}

/**
 * With `ingest.fanOut.enabled`: the state machine that fans the Bedrock ingest out, and the
 * schedule that starts it (instead of the function). The function runs each step.
 */
export class IngestFanOut extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: IngestFanOutProps) {
    super(scope, id);
    this.stateMachine = new IngestStateMachine(this, 'Run', props).stateMachine;
    this.schedule = createIngestSchedule(this, 'Schedule', {
      stateMachine: this.stateMachine,
      expression: props.expression,
      deadLetterQueue: props.deadLetterQueue,
    });
  }
}
