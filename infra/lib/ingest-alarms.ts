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
  /** Hours without a record read before the no-data alarm fires; null for no such alarm. */
  noDataHours: number | null;
  /** The function's Powertools service name: the `service` dimension of its EMF metrics. */
  serviceName: string;
}

/** Namespace of the pipeline's own EMF metrics (`POWERTOOLS_METRICS_NAMESPACE`). */
export const METRICS_NAMESPACE = 'GenAiFinOps';

/**
 * The alarms of the ingest, all to the ops topic: any failed invocation, any message in the
 * dead-letter queue, and no invocation record read for `noDataHours` (logging switched off, a broken
 * bucket policy, or the schedule disabled all look like silence, not like errors).
 */
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
  if (props.noDataHours !== null) alarms.push(noDataAlarm(scope, props.noDataHours, props.serviceName));
  for (const alarm of alarms) alarm.addAlarmAction(new actions.SnsAction(props.opsTopic));
  return alarms;
}

/**
 * RecordsRead summed over one period of `hours`: zero or no datapoint at all (the function stopped
 * reporting) is breaching. One period, because CloudWatch allows periods up to a day.
 */
function noDataAlarm(scope: Construct, hours: number, serviceName: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'NoDataIngestedAlarm', {
    alarmDescription: `No Bedrock invocation record was ingested for ${hours} hours: check that model invocation logging is on and delivers to the source bucket, and that the ingest schedule is enabled.`,
    metric: new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'RecordsRead',
      dimensionsMap: { service: serviceName },
      period: Duration.hours(hours),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
}
