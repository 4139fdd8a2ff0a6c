import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './nag-findings';

/** Props of {@link createIngestSchedule}. */
export interface IngestScheduleProps {
  /** What the schedule starts: the ingest function (one run), or the fanned-out run's state machine. */
  function?: lambda.IFunction;
  stateMachine?: sfn.IStateMachine;
  /** `rate(…)` or `cron(…)`, UTC. */
  expression: string;
  /** Receives invocations the scheduler could not deliver after its retries. */
  deadLetterQueue: sqs.IQueue;
}

/**
 * The EventBridge Scheduler schedule that starts the ingest (the function, or the fan-out's state
 * machine) with `{ time: <scheduled time> }`.
 * Delivery is retried 3 times within an hour, then goes to the dead-letter queue; the function's
 * own asynchronous retries and failure destination take over once it is delivered.
 */
export function createIngestSchedule(
  scope: Construct,
  id: string,
  props: IngestScheduleProps,
): scheduler.Schedule {
  // Its own role (not the stack-wide one LambdaInvoke would share), so its one finding is acknowledged here.
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
    description: 'EventBridge Scheduler: starts the GenAI FinOps ingest.',
  });
  const delivery = {
    input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
    role,
    deadLetterQueue: props.deadLetterQueue,
    retryAttempts: 3,
    maxEventAge: Duration.hours(1),
  };
  if (props.stateMachine) {
    return new scheduler.Schedule(scope, id, {
      description: 'Starts a fanned-out run of the GenAI FinOps ingest.',
      schedule: scheduler.ScheduleExpression.expression(props.expression),
      target: new targets.StepFunctionsStartExecution(props.stateMachine, delivery),
    });
  }
  if (!props.function) throw new Error('createIngestSchedule needs a function or a state machine');
  const schedule = new scheduler.Schedule(scope, id, {
    description: 'Runs the GenAI FinOps ingest.',
    schedule: scheduler.ScheduleExpression.expression(props.expression),
    target: new targets.LambdaInvoke(props.function, delivery),
  });
  // LambdaInvoke grants lambda:InvokeFunction on the function and its versions (`<arn>:*`).
  acknowledgeWildcardResource(
    role,
    `${props.function.functionArn}:*`,
    'The scheduler role may invoke the ingest function only; the :* suffix covers its versions and aliases.',
  );
  return schedule;
}
