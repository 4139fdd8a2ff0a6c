import { CfnOutput, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as glue from 'aws-cdk-lib/aws-glue';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { parseLocation } from '../../shared/adapters/open-store';
import type { AppConfig, AppConfigInput } from '../../shared/config';
import { parseConfig } from '../../shared/config';
import { detectionAlarmPeriods } from '../../shared/config/detection-alarm-periods';
import { AnomalyFunction } from './anomaly-function';
import { createBedrockLogSource, loggingTargetError } from './bedrock-logging';
import { CURATED_PREFIX, createAccessLogsBucket, createDataBucket } from './buckets';
import { createConfigParameter } from './config-parameter';
import { CostIngestFunction } from './cost-ingest-function';
import { createDeadLetterQueue } from './dead-letter-queue';
import { EventsFunction } from './events-function';
import { createFinOpsDashboard } from './finops-dashboard';
import { createCatalog } from './glue-catalog';
import { GpuIngestFunction } from './gpu-ingest-function';
import { createIngestAlarms } from './ingest-alarms';
import { IngestFanOut } from './ingest-fan-out';
import { INGEST_SERVICE_NAME, IngestFunction } from './ingest-function';
import { acknowledgeWildcardResource } from './nag-findings';
import { NotificationTopics } from './notification-topics';
import { createOpsTopic } from './ops-topic';
import { ReportFunction } from './report-function';
import { s3Uri } from './s3-location';
import { acknowledgeScheduledFunction } from './serverless-findings';

/** Props of {@link GenAiFinOps}. */
export interface GenAiFinOpsProps {
  /**
   * The pipeline configuration (same file as the CLI's), validated at synth: an invalid
   * value fails synth naming the key. For deployment `ingest.store` is always the data
   * bucket's `curated/` prefix, and a local (non-`s3://`) `ingest.source` is ignored.
   */
  config: AppConfigInput;
  /** Use this bucket for the curated lake and Athena results instead of creating one. */
  dataBucket?: s3.IBucket;
  /** Read Bedrock invocation logs from this bucket (root prefix) unless `config.ingest.source` is an s3:// URI. */
  bedrockLogsBucket?: s3.IBucket;
  /** Send the alarms to this topic instead of creating one (it must accept CloudWatch alarm publishes). */
  opsTopic?: sns.ITopic;
}

/** Longest possible S3 bucket name, for sizing the configuration before tokens resolve. */
const MAX_BUCKET_NAME = 'b'.repeat(63);

/**
 * The GenAI FinOps pipeline, embeddable in any stack: lake bucket, Bedrock log source, the
 * scheduled ingest Lambda with its configuration parameter, dead-letter queue, alarms and
 * operations topic, Glue tables (partition projection) and the Athena workgroup.
 */
export class GenAiFinOps extends Construct {
  /** The validated configuration as deployed (`ingest.source`/`store` point at the buckets). */
  readonly config: AppConfig;
  /** The lake bucket: `curated/<table>/dt=…/` and `athena-results/`. */
  readonly dataBucket: s3.IBucket;
  /** Where Amazon Bedrock delivers invocation logs. */
  readonly bedrockLogsBucket: s3.IBucket;
  /** Key prefix above `AWSLogs/` in {@link bedrockLogsBucket} (`''` for the bucket root). */
  readonly bedrockLogsPrefix: string;
  /** The SSM parameter holding {@link config} as JSON; the function reads it at cold start. */
  readonly configParameter: ssm.StringParameter;
  /** The scheduled ingest function. */
  readonly ingestFunction: lambda.Function;
  /** Anomaly detection and alerts, invoked on each successful ingest run. */
  readonly anomalyFunction: lambda.Function;
  /** The product's EventBridge events (Release, ApprovalRequest, Approval) into the store. */
  readonly eventsFunction: lambda.Function;
  /** The EventBridge Scheduler schedule on `ingest.schedule`: runs {@link ingestFunction}, or starts {@link ingestStateMachine}. */
  readonly ingestSchedule: scheduler.Schedule;
  /** With `ingest.fanOut.enabled`: the fanned-out ingest run (Distributed Map over pieces), which the schedule starts. */
  readonly ingestStateMachine?: sfn.StateMachine;
  /** The hourly GPU metrics function (CloudWatch → gpu_hourly). */
  readonly gpuIngestFunction: lambda.Function;
  /** The daily Cost Explorer function (billed cost → cost_daily). */
  readonly costIngestFunction: lambda.Function;
  /** The weekly and monthly showback report (report.html, chargeback.csv, focus.csv, the e-mail, unit-cost metrics). */
  readonly reportFunction: lambda.Function;
  /** Engineers' dashboard: token use by model and team, unit costs, GPU utilization against cost. */
  readonly dashboard: cloudwatch.Dashboard;
  /** Runs that failed every retry (schedule delivery and the function's asynchronous invocation). */
  readonly deadLetterQueue: sqs.Queue;
  /** Alarms publish here: subscribe your on-call e-mail, chat or pager. */
  readonly opsTopic: sns.ITopic;
  /** Per-team FinOps alerts: publish with a `team` message attribute; e-mail subscriptions filter on it. */
  readonly alertsTopic: sns.Topic;
  /** Weekly and monthly reports (finance's e-mail subscriptions). */
  readonly reportsTopic: sns.Topic;
  /** Glue database name. */
  readonly databaseName: string;
  /** Athena workgroup name. */
  readonly workGroupName: string;
  /** Glue tables by curated table name. */
  readonly tables: ReadonlyMap<string, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: GenAiFinOpsProps) {
    super(scope, id);
    const config = parseConfig(props.config);
    const stack = Stack.of(this);

    let accessLogs: s3.Bucket | undefined;
    const accessLogsBucket = (): s3.Bucket => {
      accessLogs ??= createAccessLogsBucket(this, 'AccessLogsBucket');
      return accessLogs;
    };

    this.dataBucket = props.dataBucket ?? createDataBucket(this, 'DataBucket', accessLogsBucket());

    const source = config.ingest.source ? parseLocation(config.ingest.source) : undefined;
    if (config.bedrockLogging.enabled && (source?.kind === 's3' || props.bedrockLogsBucket)) {
      throw loggingTargetError();
    }
    if (source?.kind === 's3') {
      this.bedrockLogsBucket = s3.Bucket.fromBucketName(this, 'BedrockLogsSource', source.bucket);
      this.bedrockLogsPrefix = source.prefix;
    } else if (props.bedrockLogsBucket) {
      this.bedrockLogsBucket = props.bedrockLogsBucket;
      this.bedrockLogsPrefix = '';
    } else {
      this.bedrockLogsBucket = createBedrockLogSource(this, accessLogsBucket(), config.bedrockLogging);
      this.bedrockLogsPrefix = config.bedrockLogging.keyPrefix;
    }

    this.config = withLocations(
      config,
      this.bedrockLogsBucket.bucketName,
      this.bedrockLogsPrefix,
      this.dataBucket.bucketName,
    );
    this.configParameter = createConfigParameter(this, 'Config', {
      configJson: stack.toJsonString(this.config),
      worstCaseBytes: Buffer.byteLength(
        JSON.stringify(withLocations(config, MAX_BUCKET_NAME, this.bedrockLogsPrefix, MAX_BUCKET_NAME)),
      ),
    });

    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue');
    this.opsTopic = props.opsTopic ?? createOpsTopic(this, 'OpsTopic');
    const topics = new NotificationTopics(this, 'Notifications', {
      notifications: config.notifications,
      opsTopic: this.opsTopic,
    });
    this.alertsTopic = topics.alertsTopic;
    this.reportsTopic = topics.reportsTopic;
    // Detection runs right after each successful ingest run (its on-success destination).
    const anomaly = new AnomalyFunction(this, 'Anomaly', {
      configParameter: this.configParameter,
      dataBucket: this.dataBucket,
      alertsTopic: this.alertsTopic,
      workGroupName: config.athena.workgroup,
      databaseName: config.athena.database,
      deadLetterQueue: this.deadLetterQueue,
      opsTopic: this.opsTopic,
      enforcement: config.guardrails.enforcement,
      notRunAlarmPeriods: detectionAlarmPeriods(config.anomaly.notRunAlarmPeriods, config.ingest.schedule),
    });
    this.anomalyFunction = anomaly.function;
    this.eventsFunction = new EventsFunction(this, 'ProductEvents', {
      configParameter: this.configParameter,
      dataBucket: this.dataBucket,
      alertsTopic: this.alertsTopic,
      deadLetterQueue: this.deadLetterQueue,
      opsTopic: this.opsTopic,
    }).function;
    const ingest = new IngestFunction(this, 'Ingest', {
      onSuccess: anomaly.onIngestSuccess,
      configParameter: this.configParameter,
      logsBucket: this.bedrockLogsBucket,
      logsPrefix: this.bedrockLogsPrefix,
      logsKmsKeyArn: config.ingest.sourceKmsKeyArn,
      dataBucket: this.dataBucket,
      // Fanned out, the state machine is scheduled and runs many steps of the function at once.
      schedule: config.ingest.fanOut.enabled ? undefined : config.ingest.schedule,
      reservedConcurrency: config.ingest.fanOut.enabled ? null : config.ingest.reservedConcurrency,
      // Each step is CPU-bound on one thread: 1,769 MB is one whole vCPU (bench/ingest-pieces.ts, decision 0007).
      ...(config.ingest.fanOut.enabled ? { memorySize: 1769 } : {}),
      deadLetterQueue: this.deadLetterQueue,
    });
    this.ingestFunction = ingest.function;
    const fanOut = config.ingest.fanOut.enabled
      ? new IngestFanOut(this, 'IngestFanOut', {
          ingestFunction: ingest.function,
          anomalyFunction: anomaly.function,
          dataBucket: this.dataBucket,
          opsTopic: this.opsTopic,
          deadLetterQueue: this.deadLetterQueue,
          expression: config.ingest.schedule,
          fanOut: config.ingest.fanOut,
        })
      : undefined;
    this.ingestStateMachine = fanOut?.stateMachine;
    if (ingest.function.role) {
      acknowledgeWildcardResource(
        ingest.function.role,
        `${anomaly.function.functionArn}:*`,
        'The on-success destination invokes the anomaly function (any version, as Lambda grants it); nothing else.',
      );
    }
    this.ingestSchedule = ingest.schedule ?? (fanOut as IngestFanOut).schedule;
    createIngestAlarms(this, {
      function: ingest.function,
      deadLetterQueue: this.deadLetterQueue,
      opsTopic: this.opsTopic,
      noDataHours: config.ingest.noDataAlarmHours,
      serviceName: INGEST_SERVICE_NAME,
    });
    const gpuIngest = new GpuIngestFunction(this, 'GpuIngest', {
      configParameter: this.configParameter,
      dataBucket: this.dataBucket,
      schedule: config.gpu.schedule,
      deadLetterQueue: this.deadLetterQueue,
      opsTopic: this.opsTopic,
    });
    this.gpuIngestFunction = gpuIngest.function;
    this.costIngestFunction = new CostIngestFunction(this, 'CostIngest', {
      configParameter: this.configParameter,
      dataBucket: this.dataBucket,
      schedule: config.costExplorer.schedule,
      deadLetterQueue: this.deadLetterQueue,
      opsTopic: this.opsTopic,
    }).function;
    // The other functions come from createScheduledFunction, which acknowledges these findings itself.
    acknowledgeScheduledFunction(this.ingestFunction);

    this.reportFunction = new ReportFunction(this, 'Report', {
      configParameter: this.configParameter,
      dataBucket: this.dataBucket,
      workGroupName: config.athena.workgroup,
      databaseName: config.athena.database,
      reportsTopic: this.reportsTopic,
      timeZone: config.report.timeZone,
      deadLetterQueue: this.deadLetterQueue,
      opsTopic: this.opsTopic,
    }).function;
    this.dashboard = createFinOpsDashboard(this, 'Dashboard', config.report);

    const catalog = createCatalog(this, {
      database: config.athena.database,
      workgroup: config.athena.workgroup,
      bucketName: this.dataBucket.bucketName,
    });
    this.databaseName = catalog.databaseName;
    this.workGroupName = catalog.workGroupName;
    this.tables = catalog.tables;

    new CfnOutput(this, 'DataBucketName', {
      value: this.dataBucket.bucketName,
      description: 'The curated lake.',
    });
    new CfnOutput(this, 'IngestFunctionName', { value: ingest.function.functionName });
    new CfnOutput(this, 'ConfigParameterName', {
      value: this.configParameter.parameterName,
      description: 'The deployed configuration (JSON); redeploy to change it.',
    });
    new CfnOutput(this, 'OpsTopicArn', {
      value: this.opsTopic.topicArn,
      description: 'Subscribe to receive ingest failure alarms.',
    });
    new CfnOutput(this, 'AlertsTopicArn', {
      value: this.alertsTopic.topicArn,
      description: 'Per-team FinOps alerts (message attribute team).',
    });
    new CfnOutput(this, 'ReportsTopicArn', { value: this.reportsTopic.topicArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.workGroupName });
    new CfnOutput(this, 'GlueDatabase', { value: this.databaseName });
  }
}

/** The configuration as deployed: the function reads the logs bucket and writes the data bucket's `curated/`; no e-mail addresses. */
function withLocations(
  config: AppConfig,
  logsBucket: string,
  logsPrefix: string,
  dataBucket: string,
): AppConfig {
  return {
    ...config,
    // Addresses are for the subscriptions made at deploy time; the functions never need them, and
    // fifty teams' lists would outgrow the parameter.
    notifications: { reports: [], teams: {}, opsEmails: [] },
    ingest: {
      ...config.ingest,
      source: s3Uri(logsBucket, logsPrefix),
      store: s3Uri(dataBucket, CURATED_PREFIX),
    },
  };
}
