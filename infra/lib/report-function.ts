import { join } from 'node:path';
import { Aws, Duration, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { REPORTS_TOPIC_ENV } from '../../functions/report/env';
import { CONFIG_PARAMETER_ENV } from '../../functions/shared/config-parameter-env';
import { INGEST_RUNTIME } from './ingest-function';
import { acknowledgeWildcardResource } from './nag-findings';
import { lockFile, repoRoot } from './repo-paths';
import { grantReportAccess, type ReportAccessProps } from './report-access';

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
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'GenAI FinOps report: queries the lake with Athena, writes reports/, publishes the e-mail.',
    });
    logGroup.grantWrite(role);
    grantReportAccess(role, props);
    props.configParameter.grantRead(role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'GenAI FinOps: weekly and monthly showback report and unit-cost metrics.',
      entry: reportEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: INGEST_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      // Vega renders the charts in memory; the queries wait on Athena.
      memorySize: 1024,
      timeout: Duration.minutes(10),
      role,
      logGroup,
      environment: {
        [CONFIG_PARAMETER_ENV]: props.configParameter.parameterName,
        [REPORTS_TOPIC_ENV]: props.reportsTopic.topicArn,
        POWERTOOLS_SERVICE_NAME: 'genai-finops-report',
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        NODE_OPTIONS: '--enable-source-maps',
      },
      // A retry re-writes the same keys; it may send the e-mail twice, which beats sending none.
      retryAttempts: 1,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(props.deadLetterQueue),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: ['@duckdb/node-api'],
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire as __genaiFinopsCreateRequire } from 'node:module'; const require = __genaiFinopsCreateRequire(import.meta.url);",
      },
    });

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
    new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The GenAI FinOps report failed (it is retried once; see its log group).',
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(props.opsTopic));
  }
}
