import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Props of {@link createIngestAlarms}. */
export interface IngestAlarmsProps {
  function: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
}

/** The alarms of the ingest, both to the ops topic: any failed invocation, any message in the dead-letter queue. */
export function createIngestAlarms(scope: Construct, props: IngestAlarmsProps): cloudwatch.Alarm[] {
  const period = Duration.minutes(5);
  const alarms = [
    new cloudwatch.Alarm(scope, 'IngestErrorsAlarm', {
      alarmDescription: 'The GenAI FinOps ingest function failed (it is retried; see its log group).',
      metric: props.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
      alarmDescription:
        'A GenAI FinOps ingest run failed every retry and is in the dead-letter queue: read the message, fix the cause, invoke the function with its event.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  ];
  for (const alarm of alarms) alarm.addAlarmAction(new actions.SnsAction(props.opsTopic));
  return alarms;
}
