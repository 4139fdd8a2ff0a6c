import { Aws, Duration, Fn, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FAN_OUT_ROOT } from '../../shared/bedrock/fan-out-state';
import type { FanOutConfig } from '../../shared/config/schema';
import { CURATED_PREFIX } from './buckets';
import { compactDaysMap } from './ingest-day-flow';
import { NoFailureDistributedMap, step } from './ingest-steps';
import { acknowledgeWildcardResource } from './nag-findings';

/** Props of {@link IngestStateMachine}. */
export interface IngestStateMachineProps {
  /** The ingest function: every step is one invocation of it with an `action`. */
  ingestFunction: lambda.IFunction;
  /** Detection, invoked asynchronously once the run is committed (as the on-success destination did). */
  anomalyFunction: lambda.IFunction;
  /** The lake bucket: the Distributed Map reads its items from the run's state below `curated/`. */
  dataBucket: s3.IBucket;
  opsTopic: sns.ITopic;
  fanOut: FanOutConfig;
}

/** A run longer than this is stopped and fails (a 90-day backfill at the default concurrency takes far less). */
const RUN_TIMEOUT = Duration.hours(12);

/**
 * The fanned-out Bedrock ingest (docs/decisions/0007): plan the window's pieces → stage every piece
 * (Distributed Map over the plan's items in S3, `maxConcurrency` at once, no failure tolerated) →
 * list the changed days → rebuild each day (inline Map; a large day as shuffle and merge steps in
 * inline Maps, then its finish under the day's lease) → commit (mark units done, the summary line
 * and metrics) → start detection. Every step is idempotent, so retries and a redrive are safe.
 */
export class IngestStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Failed, timed-out and aborted executions, to the ops topic. */
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestStateMachineProps) {
    super(scope, id);
    const fn = props.ingestFunction;
    const runId = sfn.JsonPath.executionName;

    const plan = step(
      this,
      'Plan',
      fn,
      { action: 'plan', runId, request: sfn.JsonPath.entirePayload },
      {
        resultSelector: {
          pieces: sfn.JsonPath.numberAt('$.Payload.pieces'),
          itemsBucket: sfn.JsonPath.stringAt('$.Payload.itemsBucket'),
          itemsKey: sfn.JsonPath.stringAt('$.Payload.itemsKey'),
        },
        resultPath: '$.plan',
      },
    );

    const stagePieces = new NoFailureDistributedMap(this, 'StagePieces', {
      itemReader: new sfn.S3JsonItemReader({
        bucketNamePath: sfn.JsonPath.stringAt('$.plan.itemsBucket'),
        key: sfn.JsonPath.stringAt('$.plan.itemsKey'),
      }),
      itemSelector: {
        runId: sfn.JsonPath.stringAt('$$.Map.Item.Value.runId'),
        piece: sfn.JsonPath.numberAt('$$.Map.Item.Value.piece'),
      },
      maxConcurrency: props.fanOut.maxConcurrency,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: sfn.JsonPath.DISCARD,
    });
    stagePieces.itemProcessor(
      step(
        this,
        'StagePiece',
        fn,
        { action: 'stage', runId: sfn.JsonPath.stringAt('$.runId'), piece: sfn.JsonPath.numberAt('$.piece') },
        // Each child's output is only its piece number: the Map's results stay far below 256 KB.
        { resultPath: sfn.JsonPath.DISCARD, outputPath: '$.piece' },
      ),
    );

    const days = step(
      this,
      'ChangedDays',
      fn,
      { action: 'days', runId },
      { resultSelector: { days: sfn.JsonPath.listAt('$.Payload.days') }, resultPath: '$.changed' },
    );

    const compactDays = compactDaysMap(this, fn, runId, props.fanOut);

    const commit = step(
      this,
      'Commit',
      fn,
      { action: 'commit', runId },
      {
        resultSelector: {
          recordsRead: sfn.JsonPath.numberAt('$.Payload.recordsRead'),
          recordsWritten: sfn.JsonPath.numberAt('$.Payload.recordsWritten'),
        },
        resultPath: '$.commit',
      },
    );

    // Asynchronous, as the on-success destination was: the anomaly function's own retries and DLQ apply.
    const detect = new tasks.LambdaInvoke(this, 'Detect', {
      lambdaFunction: props.anomalyFunction,
      invocationType: tasks.LambdaInvocationType.EVENT,
      payload: sfn.TaskInput.fromObject({}),
      resultPath: sfn.JsonPath.DISCARD,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment:
        'GenAI FinOps: the Bedrock ingest fanned out (plan, stage pieces, rebuild days, commit, detect).',
      definitionBody: sfn.DefinitionBody.fromChainable(
        plan.next(stagePieces).next(days).next(compactDays).next(commit).next(detect),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: RUN_TIMEOUT,
    });
    const role = this.stateMachine.role;
    // The items the plan wrote, and nothing else of the lake.
    const items = props.dataBucket.arnForObjects(`${CURATED_PREFIX}/${FAN_OUT_ROOT}/*`);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ReadRunItems', actions: ['s3:GetObject'], resources: [items] }),
    );
    acknowledgeWildcardResource(
      role,
      items,
      'The Distributed Map reads the items of each run, whose key holds the execution name; access stays below the fan-out state prefix.',
    );
    for (const f of [fn, props.anomalyFunction])
      acknowledgeWildcardResource(
        role,
        `${f.functionArn}:*`,
        'Step Functions invokes the ingest and anomaly functions only; the :* suffix (added by the LambdaInvoke task) covers their versions.',
      );
    // The Distributed Map's own grants: describe, stop and redrive this state machine's executions (their ids are not known in advance).
    const executions = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${Fn.select(6, Fn.split(':', this.stateMachine.stateMachineArn))}`;
    for (const resource of [`${executions}:*`, `${executions}/*:*`])
      acknowledgeWildcardResource(
        this.stateMachine,
        resource,
        'The Distributed Map describes, stops and redrives the child executions of this state machine only; their names are generated per run.',
      );
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions-SF1',
        reason:
          'Standard executions keep their full history (every state, input and output) in Step Functions for 90 days, and each step logs its own summary line; logging ALL events too would pay log ingestion on every transition and need CloudWatch log-delivery actions that accept no resource scoping.',
      },
      {
        id: 'AwsSolutions-SF2',
        reason:
          "Every step is one Lambda invocation whose duration and errors are Lambda metrics; X-Ray would need xray:PutTraceSegments on '*' for the state machine.",
      },
      {
        id: 'Serverless-StepFunctionStateMachineXray',
        reason:
          "Every step is one Lambda invocation whose duration and errors are Lambda metrics; X-Ray would need xray:PutTraceSegments on '*' for the state machine.",
      },
    );

    const period = Duration.minutes(5);
    this.failedAlarm = new cloudwatch.Alarm(this, 'FailedRunsAlarm', {
      alarmDescription:
        'A fanned-out GenAI FinOps ingest run failed, timed out or was aborted after its retries: open the execution in the Step Functions console (the failed step and its error), fix the cause, then redrive it.',
      metric: new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
          timedOut: this.stateMachine.metricTimedOut({ period, statistic: cloudwatch.Stats.SUM }),
          aborted: this.stateMachine.metricAborted({ period, statistic: cloudwatch.Stats.SUM }),
        },
        period,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failedAlarm.addAlarmAction(new actions.SnsAction(props.opsTopic));
  }
}
