import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DETECTION_ALARM_PERIOD_MINUTES } from '../../shared/config/detection-alarm-periods';

/** Props of {@link createDetectionNotRunAlarm}. */
export interface DetectionNotRunAlarmProps {
  /** The anomaly function. */
  function: lambda.IFunction;
  opsTopic: sns.ITopic;
  /** 15-minute periods in a row without a completed run (`detectionAlarmPeriods` of the configuration). */
  periods: number;
}

/**
 * "Detection did not run": completed runs of the anomaly function (invocations minus errors, from
 * Lambda's own metrics, which cost nothing and do not depend on the function reporting) are zero in
 * each of `periods` consecutive 15-minute periods. No datapoint at all is breaching too: a stopped
 * ingest, a disabled schedule or a broken on-success destination all look like silence.
 */
export function createDetectionNotRunAlarm(
  scope: Construct,
  props: DetectionNotRunAlarmProps,
): cloudwatch.Alarm {
  const period = Duration.minutes(DETECTION_ALARM_PERIOD_MINUTES);
  const minutes = props.periods * DETECTION_ALARM_PERIOD_MINUTES;
  const alarm = new cloudwatch.Alarm(scope, 'DetectionNotRunAlarm', {
    alarmDescription: `GenAI FinOps anomaly detection has not completed a run for ${minutes} minutes: no alerts or guardrails are being evaluated. Check the ingest's errors and schedule, and the anomaly function's log group.`,
    metric: new cloudwatch.MathExpression({
      // FILL: a period without any invocation (or without errors) counts as 0, not as missing.
      expression: 'FILL(invocations, 0) - FILL(errors, 0)',
      usingMetrics: {
        invocations: props.function.metricInvocations({ period, statistic: cloudwatch.Stats.SUM }),
        errors: props.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      },
      label: 'Completed detection runs',
      period,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: props.periods,
    datapointsToAlarm: props.periods,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(props.opsTopic));
  return alarm;
}
