import { type AppConfig, parseConfig } from '../config';
import {
  CURATED_RETENTION_DAYS,
  RAW_LOG_RETENTION_DAYS,
  REWRITTEN_NONCURRENT_DAYS,
  STAGING_COLD_AFTER_DAYS,
} from '../lake/retention';
import { costExplorerRequestsPerMonth, customMetricCount, DAYS, metricsPerGpuMonth } from './counted';
import { fanOutReason } from './fan-out';
import { fanOutLines, oneProcessShuffleLines } from './fan-out-usage';
import { MEASURED, type Measured } from './measured';
import type { PriceName } from './prices';

/** What the estimate is for. */
export interface PipelineScale {
  invocationsPerDay: number;
  teams: number;
  gpus: number;
  /** Account × Region log streams Bedrock delivers to the bucket (each writes its own objects). */
  streams: number;
}

/** One priced quantity of a month. */
export interface UsageLine {
  item: string;
  price: PriceName;
  quantity: number;
  /** How the quantity follows from the counts below. */
  basis: string;
}

/** Runs a month of each schedule: Bedrock logs every 15 minutes, GPU hourly, Cost Explorer daily. */
export const RUNS = { bedrock: 96 * DAYS, gpu: 24 * DAYS, cost: DAYS } as const;

const GB = 1e9;
/** Glacier Instant Retrieval bills an object as at least 128 KB: smaller staged extracts stay in Standard. */
const MIN_TRANSITION_BYTES = 128 * 1024;

/** Stored bytes, by storage class, in the steady state of the lifecycle rules (shared/lake/retention.ts). */
function storage(n: number, streams: number, m: Measured) {
  const stagedPerDay = n * m.stagedBytesPerRecord;
  const stagedObjectsPerDay = streams * 24;
  const cold = stagedPerDay / Math.max(1, stagedObjectsPerDay) >= MIN_TRANSITION_BYTES;
  const hotDays = cold ? Math.min(STAGING_COLD_AFTER_DAYS, CURATED_RETENTION_DAYS) : CURATED_RETENTION_DAYS;
  // Each 15-minute run rewrites the day's partition (half a day's rows on average) and re-stages its hours.
  const noncurrent =
    (96 * (n * m.curatedBytesPerRecord) * 0.5 + stagedPerDay * (m.sourceRereadFactor - 1)) *
    REWRITTEN_NONCURRENT_DAYS;
  return {
    standardGb:
      (n * m.curatedBytesPerRecord * CURATED_RETENTION_DAYS +
        stagedPerDay * hotDays +
        n * m.rawBytesPerRecord * RAW_LOG_RETENTION_DAYS +
        noncurrent) /
      GB,
    glacierGb: cold ? (stagedPerDay * (CURATED_RETENTION_DAYS - hotDays)) / GB : 0,
    transitions: cold ? stagedObjectsPerDay * DAYS : 0,
  };
}

/**
 * Bytes Athena bills a guardrails run: each query reads the window of identity_daily (the allocation
 * also cost_daily and prices), billed at least `athenaMinimumBytes`.
 */
function guardrailBytesPerRun(teams: number, m: Measured): number {
  if (m.guardrailQueriesPerRun === 0) return 0;
  const window = m.guardrailWindowDays * teams * m.identityDailyBytesPerTeamDay;
  const billed = (bytes: number) => Math.max(m.athenaMinimumBytes, bytes);
  // The allocation reads the bill and the prices besides; the other queries identity_daily alone.
  return billed(window + m.guardrailAllocationExtraBytes) + (m.guardrailQueriesPerRun - 1) * billed(window);
}

/**
 * Bytes Athena bills a month of reports (4 weekly, 1 monthly): the recommendation queries read their
 * window of bedrock_invocations; the report's usage queries read identity_daily over the window and
 * up to a month before it (trends), besides cost_daily and prices. Each query billed at least
 * `athenaMinimumBytes`.
 */
function reportBytesPerMonth(n: number, teams: number, m: Measured): number {
  const billed = (bytes: number) => Math.max(m.athenaMinimumBytes, bytes);
  return [7, 7, 7, 7, DAYS].reduce(
    (sum, days) =>
      sum +
      m.reportWindowReads * billed(days * n * m.curatedBytesPerRecord) +
      m.reportAggregateQueries *
        billed(
          (days + m.reportTrendsExtraDays) * teams * m.identityDailyBytesPerTeamDay +
            m.guardrailAllocationExtraBytes,
        ),
    0,
  );
}

/** The month's quantities for each priced line. Pure: only the scale and the configuration go in. */
export function monthlyUsage(
  scale: PipelineScale,
  config: AppConfig = parseConfig({}),
  m: Measured = MEASURED,
): UsageLine[] {
  const { invocationsPerDay: n, streams, teams, gpus } = scale;
  const recordsPerRun = n / 96;
  const runSeconds =
    (m.secondsPerRun + recordsPerRun * m.secondsPerRecord + (n / 2) * m.secondsPerDayRow) * m.cpuSlowdown;
  // Fanned out, the ingest's runs are Step Functions executions priced by `fanOutLines`.
  const fanOut = fanOutReason(n, config, m) !== undefined;
  const bedrockGbS = fanOut ? 0 : RUNS.bedrock * runSeconds * 1; // 1,024 MB
  // Cost Explorer and GPU runs at 512 MB; a few seconds each (API round trips, not CPU).
  const otherGbS = RUNS.cost * 20 * 0.5 + RUNS.gpu * (5 + gpus * 0.01) * 0.5;
  const bedrockObjects = streams * 288 * DAYS; // Bedrock writes ~5-minute objects per stream
  const alertsPerMonth = teams * 4; // about one alert a team a week
  const detectionQueries =
    RUNS.bedrock * m.detectionQueriesPerRun +
    RUNS.gpu * m.detectionQueriesPerHour +
    alertsPerMonth * m.detectionQueriesPerAlert;
  // Every query of the anomaly run (detection and guardrails) makes Athena's own S3 requests.
  const athenaQueries = detectionQueries + RUNS.bedrock * m.guardrailQueriesPerRun;
  const reportsPerMonth = 5; // four weekly and one monthly
  const stored = storage(n, streams, m);
  const ceRequests = costExplorerRequestsPerMonth(config.costExplorer);
  const gpuMetrics = metricsPerGpuMonth(config, RUNS.gpu);
  const customMetrics = customMetricCount(config);
  return [
    {
      item: 'Lambda duration',
      price: 'lambdaGbSecond',
      quantity: bedrockGbS + otherGbS,
      basis: fanOut
        ? 'Cost Explorer and GPU runs at 512 MB (the ingest fanned out: below)'
        : `${runSeconds.toFixed(1)} s x ${RUNS.bedrock} Bedrock runs at 1 GB, plus Cost Explorer and GPU runs at 512 MB`,
    },
    {
      item: 'Lambda requests',
      price: 'lambdaRequest',
      quantity: RUNS.bedrock * (fanOut ? 1 : 2) + RUNS.gpu + RUNS.cost + 5,
      basis: fanOut
        ? 'detection each 15 minutes, GPU hourly, Cost Explorer daily, reports'
        : 'ingest and detection each 15 minutes, GPU hourly, Cost Explorer daily, reports',
    },
    {
      item: 'EventBridge Scheduler',
      price: 'schedulerInvocation',
      quantity: RUNS.bedrock + RUNS.gpu + RUNS.cost + 5,
      basis: 'one per scheduled run',
    },
    {
      item: 'S3 PUT by Bedrock log delivery',
      price: 's3Tier1Request',
      quantity: bedrockObjects,
      basis: `${streams} streams x 288 objects a day`,
    },
    {
      item: 'S3 LIST + PUT by the ingest',
      price: 's3Tier1Request',
      quantity:
        RUNS.bedrock * (m.sourceListsPerRun(streams) + m.storeListsPerRun + m.storePutsPerRun(streams)),
      basis: 'measured per run: source and store LIST, stage and partition PUTs',
    },
    {
      item: 'S3 GET by the ingest',
      price: 's3Tier2Request',
      quantity:
        streams * 24 * DAYS * m.objectsPerStreamHour * m.sourceRereadFactor +
        RUNS.bedrock * m.storeGetsPerRun(streams),
      basis: "log objects (re-read per changed hour) and the day's staged units per run",
    },
    {
      item: 'S3 requests by Athena',
      price: 's3Tier2Request',
      quantity: athenaQueries * m.athenaGetsPerQuery,
      basis: `${m.athenaGetsPerQuery} GETs per detection and guardrails query (worked example)`,
    },
    {
      item: 'S3 LIST/PUT by Athena',
      price: 's3Tier1Request',
      quantity: athenaQueries * m.athenaPutsAndListsPerQuery,
      basis: 'result objects and listings per query',
    },
    {
      item: 'S3 storage (Standard)',
      price: 's3StorageGbMonth',
      quantity: stored.standardGb,
      basis: `curated ${CURATED_RETENTION_DAYS} d, staging ${STAGING_COLD_AFTER_DAYS} d, raw logs ${RAW_LOG_RETENTION_DAYS} d, ${REWRITTEN_NONCURRENT_DAYS} d of rewritten versions`,
    },
    {
      item: 'S3 storage (Glacier IR, old staging)',
      price: 's3GlacierIrGbMonth',
      quantity: stored.glacierGb,
      basis: `staged extracts from day ${STAGING_COLD_AFTER_DAYS} to ${CURATED_RETENTION_DAYS}`,
    },
    {
      item: 'S3 lifecycle transitions',
      price: 's3GlacierIrTransition',
      quantity: stored.transitions,
      basis: `${streams} x 24 staged extracts a day (objects >= 128 KB only)`,
    },
    {
      item: 'S3 LIST + PUT by GPU and CE ingests',
      price: 's3Tier1Request',
      quantity: RUNS.gpu * m.gpuStoreTier1PerRun + m.costStoreTier1PerMonth,
      basis: 'measured on the local store: leases, partitions, kept state',
    },
    {
      item: 'S3 GET by GPU and CE ingests',
      price: 's3Tier2Request',
      quantity: RUNS.gpu * m.gpuStoreTier2PerRun + m.costStoreTier2PerMonth,
      basis: 'measured on the local store',
    },
    {
      item: 'Athena scans (detection)',
      price: 'athenaTbScanned',
      quantity: (detectionQueries * m.athenaMinimumBytes) / 1e12,
      basis: `${m.detectionQueriesPerRun} a run, ${m.detectionQueriesPerHour} more an hour (GPU, bill), ${m.detectionQueriesPerAlert} an alert; 10 MB minimum each`,
    },
    {
      item: 'Athena scans (guardrails)',
      price: 'athenaTbScanned',
      quantity: (RUNS.bedrock * guardrailBytesPerRun(teams, m)) / 1e12,
      basis: `${m.guardrailQueriesPerRun} queries a run over ${m.guardrailWindowDays} days of identity_daily (${m.identityDailyBytesPerTeamDay} B a team-day), 10 MB minimum each`,
    },
    {
      item: 'Athena scans (reports)',
      price: 'athenaTbScanned',
      quantity: reportBytesPerMonth(n, teams, m) / 1e12,
      basis: `4 weekly and 1 monthly report: ${m.reportWindowReads} reads of their window of bedrock_invocations (all columns: at most), ${m.reportAggregateQueries} of identity_daily (10 MB minimum each)`,
    },
    {
      item: 'Cost Explorer requests',
      price: 'costExplorerRequest',
      quantity: ceRequests,
      basis: 'planned requests daily, discovery weekly (kept in the store)',
    },
    {
      item: 'GetMetricData metrics',
      price: 'getMetricDataMetric',
      quantity: gpus * gpuMetrics,
      basis: `${gpus} GPUs x ${gpuMetrics} metrics a month (utilization every run, memory every ${config.gpu.memoryEveryHours} h, memory total weekly)`,
    },
    {
      item: 'CloudWatch custom metrics (EMF)',
      price: 'cloudWatchMetricMonth',
      quantity: customMetrics,
      basis: `pipeline metrics; unit-cost metrics at report.metricsTopN ${config.report.metricsTopN}`,
    },
    {
      item: 'CloudWatch alarms',
      price: 'cloudWatchAlarmMonth',
      quantity: m.alarms,
      basis: 'errors per function, dead-letter queue, no data, detection not run',
    },
    {
      item: 'CloudWatch dashboard',
      price: 'cloudWatchDashboardMonth',
      quantity: 1,
      basis: 'the engineers dashboard',
    },
    {
      item: 'CloudWatch Logs ingestion',
      price: 'cloudWatchLogsIngestGb',
      quantity: ((RUNS.bedrock * (fanOut ? 1 : 2) + RUNS.gpu + RUNS.cost) * m.logBytesPerRun) / GB,
      basis: 'one summary line per run',
    },
    {
      item: 'SNS publishes',
      price: 'snsPublish',
      quantity: alertsPerMonth + reportsPerMonth,
      basis: `about one alert a team a week, ${reportsPerMonth} reports`,
    },
    {
      item: 'SNS e-mail deliveries',
      price: 'snsEmail',
      quantity: alertsPerMonth * 2 + reportsPerMonth * 2,
      basis: 'two engineers a team, two finance recipients',
    },
    {
      item: 'KMS keys',
      price: 'kmsKeyMonth',
      quantity: m.kmsKeys,
      basis: 'one key for the three topics (S3 uses SSE-S3)',
    },
    {
      item: 'KMS requests',
      price: 'kmsRequest',
      quantity: (alertsPerMonth + reportsPerMonth) * 2,
      basis: 'data key and decrypt per encrypted publish',
    },
    {
      item: 'SSM parameter',
      price: 'ssmStandardParameter',
      quantity: 1,
      basis: 'the configuration, read at cold start',
    },
    ...(fanOut ? fanOutLines(scale, config, m) : oneProcessShuffleLines(scale, m)),
  ];
}
