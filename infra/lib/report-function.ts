import { join } from 'node:path';
import { Aws, Duration, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { REPORTS_TOPIC_ENV } from '../../functions/report/env';
import { acknowledgeWildcardResource } from './nag-findings';
import { repoRoot } from './repo-paths';
import { grantReportAccess, type ReportAccessProps } from './report-access';
import { createScheduledFunction } from './scheduled-function';

/** The report Lambda handler's source file (exports `handler`). */
export const reportEntry: string = join(repoRoot, 'functions', 'report', 'handler.ts');

/** Props of {@link ReportFunction}. */
export interface ReportFunctionProps extends ReportAccessProps {
  configParameter: ssm.IStringParameter;
  /** IANA time zone of both schedules (`report.timeZone`). */
  timeZone: string;
  deadLetterQueue: sqs.IQueue;
  opsTopic: sns.ITopic;
}

/**
 * The showback report Lambda with its two EventBridge Scheduler schedules in the configured time
 * zone (Mondays 06:00 for the week before, the 1st at 06:00 for the month before), the shared
 * dead-letter queue and an errors alarm.
 */
export class ReportFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly weeklySchedule: scheduler.Schedule;
  readonly monthlySchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ReportFunctionProps) {
    super(scope, id);
    this.function = createScheduledFunction(this, {
      description: 'GenAI FinOps: weekly and monthly showback report and unit-cost metrics.',
      roleDescription:
        'GenAI FinOps report: queries the lake with Athena, writes reports/, publishes the e-mail.',
      entry: reportEntry,
      serviceName: 'genai-finops-report',
      // Vega renders the charts in memory; the queries wait on Athena.
      memorySize: 1024,
      timeout: Duration.minutes(10),
      grant: (role) => grantReportAccess(role, props),
      configParameter: props.configParameter,
      environment: { [REPORTS_TOPIC_ENV]: props.reportsTopic.topicArn },
      // A retry re-writes the same keys; it may send the e-mail twice, which beats sending none.
      retryAttempts: 1,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: props.deadLetterQueue,
      opsTopic: props.opsTopic,
      errorsAlarmDescription: 'The GenAI FinOps report failed (it is retried once; see its log group).',
    }).function;

    const schedulerRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'EventBridge Scheduler: starts the GenAI FinOps report.',
    });
    const timeZone = TimeZone.of(props.timeZone);
    const schedule = (sid: string, period: 'week' | 'month', expression: scheduler.ScheduleExpression) =>
      new scheduler.Schedule(this, sid, {
        description: `Runs the GenAI FinOps ${period === 'week' ? 'weekly' : 'monthly'} report.`,
        schedule: expression,
        target: new targets.LambdaInvoke(this.function, {
          input: scheduler.ScheduleTargetInput.fromObject({
            period,
            time: scheduler.ContextAttribute.scheduledTime,
          }),
          role: schedulerRole,
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
        }),
      });
    this.weeklySchedule = schedule(
      'WeeklySchedule',
      'week',
      scheduler.ScheduleExpression.cron({ minute: '0', hour: '6', weekDay: 'MON', timeZone }),
    );
    this.monthlySchedule = schedule(
      'MonthlySchedule',
      'month',
      scheduler.ScheduleExpression.cron({ minute: '0', hour: '6', day: '1', timeZone }),
    );
    acknowledgeWildcardResource(
      schedulerRole,
      `${this.function.functionArn}:*`,
      'The scheduler role may invoke the report function only; the :* suffix covers its versions and aliases.',
    );
  }
}
