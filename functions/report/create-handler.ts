import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { S3LinkSigner } from '../../shared/adapters/aws/s3-link-signer';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { SnsNotifier } from '../../shared/adapters/aws/sns-notifier';
import { parseLocation } from '../../shared/adapters/open-store';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import type { Clock } from '../../shared/ports';
import type { ReportPeriod } from '../../shared/report-run/last-period';
import { type ReportRunSummary, runScheduledReport } from '../../shared/report-run/run-report';
import { reportCounts, scheduledReportPeriod } from '../../shared/report-run/scheduled-report';
import { reportEngine } from '../shared/report-engine';
import { runJob, scheduledTime } from '../shared/run-job';

/** The schedule's `{ period, time }`; `time` absent runs the period before now. */
export interface ReportEvent {
  period?: ReportPeriod;
  time?: string;
}

/** Everything the handler talks to, injected so tests use mocks and a fixed clock. */
export interface ReportHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  athena: AthenaClient;
  sns: SNSClient;
  reportsTopicArn: string;
  clock: Clock;
  logger: Logger;
  telemetry: Metrics;
  /** Where EMF records go: stdout in Lambda, which CloudWatch Logs turns into metrics. */
  emit: (record: string) => void;
}

/** Builds the report handler: the last full week or month, its files in the data bucket, the e-mail. */
export function createReportHandler(
  deps: ReportHandlerDeps,
): (event?: ReportEvent, context?: Partial<Context>) => Promise<ReportRunSummary> {
  const { config, logger, telemetry } = deps;
  const store = config.ingest.store ? parseLocation(config.ingest.store) : undefined;
  if (store?.kind !== 's3') throw new InvalidConfigError('ingest.store', 'the function needs an s3:// store');
  const engine = reportEngine(config, deps.athena, deps.clock);
  return (event = {}, context) => {
    const period = scheduledReportPeriod(event.period);
    return runJob({
      name: `report ${period}`,
      logger,
      telemetry,
      context,
      run: () =>
        runScheduledReport(
          {
            engine,
            store: new S3Store({ client: deps.s3, bucket: store.bucket, prefix: '' }),
            lake: new S3Store({ client: deps.s3, bucket: store.bucket, prefix: store.prefix }),
            signer: new S3LinkSigner({ client: deps.s3, bucket: store.bucket, clock: deps.clock }),
            notifier: new SnsNotifier(deps.sns, deps.reportsTopicArn),
            config,
            at: scheduledTime(event.time, deps.clock),
            now: deps.clock.now(),
            billingAccountId: context?.invokedFunctionArn?.split(':')[4] ?? 'unknown',
            emit: deps.emit,
          },
          period,
        ),
      counts: reportCounts,
      failure: () => undefined,
    });
  };
}
