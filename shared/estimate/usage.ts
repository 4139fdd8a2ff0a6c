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

const DAYS = 30;
/** Runs a month of each schedule: Bedrock logs every 15 minutes, GPU hourly, Cost Explorer daily. */
export const RUNS = { bedrock: 96 * DAYS, gpu: 24 * DAYS, cost: DAYS } as const;

/**
 * Counts measured on `genai-finops ingest bedrock-logs --json` (its `requests` summary), over the demo
 * organisation (5 streams, ~650 records an hour), 2026-12: a run after one new hour folder made source
 * LIST 3 / GET 60 (12 objects per stream-hour), store LIST 3 / GET 172 / PUT 13 / DELETE 1, and the day's
 * staged units are what the store GETs are (115 of the 172). A full run read 15,618 records in 2.5 s on
 * one core (~160 µs a record, everything included); Parquet is 52 B a record in bedrock_invocations and
 * 123 B in the staging extracts; the raw gzip logs 375 B a record.
 */
export const MEASURED = {
  objectsPerStreamHour: 12,
  /** A 15-minute run re-reads each changed hour unit whole: 3 + 6 + 9 + 12 objects = 2.5x. */
  sourceRereadFactor: 2.5,
  storeGetsPerRun: (streams: number) => 12 * streams + 57,
  storePutsPerRun: (streams: number) => streams + 8,
  storeListsPerRun: 3,
  sourceListsPerRun: (streams: number) => 2 + streams,
  secondsPerRecord: 160e-6,
  /** Rewriting the day's Parquet from its staged extracts (hyparquet: ~2.6 s per million rows). */
  secondsPerDayRow: 2.6e-6,
  secondsPerRun: 1,
  /** Lambda at 1,024 MB has ~0.58 of the vCPU the measurement ran on (1,769 MB = 1 vCPU). */
  cpuSlowdown: 1769 / 1024,
  curatedBytesPerRecord: 52 + 123,
  rawBytesPerRecord: 375,
  /** Cost Explorer: a daily run is ~7 GetCostAndUsage/GetDimensionValues pages (cost ingest summary). */
  costExplorerRequestsPerRun: 7,
  /** GPU ingest on EC2: utilization Average and Maximum, memory used and total per GPU (metric-catalog). */
  metricsPerGpu: 4,
  /** EMF metric names x service published by the three functions, ColdStart included. */
  customMetrics: 19,
  /** Errors x3, dead-letter queue, no data ingested. */
  alarms: 5,
  /** Ops topic and the alerts/reports topics. */
  kmsKeys: 2,
  /** A summary line (~3 KB) plus Lambda's START/END/REPORT lines. */
  logBytesPerRun: 4_000,
  /** Detection: three 10 MB-minimum Athena queries on usage_hourly after each log ingest. */
  athenaQueriesPerBedrockRun: 3,
  athenaMinimumBytes: 10_000_000,
  /** Athena reads ~96 objects and 2 LISTs and writes 2 result objects per query (worked example). */
  athenaGetsPerQuery: 96,
  athenaPutsAndListsPerQuery: 4,
  /** Raw logs kept 90 days, curated tables 12 months. */
  rawRetentionDays: 90,
  curatedRetentionDays: 365,
} as const;

/** The month's quantities for each priced line. Pure: only the scale goes in. */
export function monthlyUsage(scale: PipelineScale): UsageLine[] {
  const m = MEASURED;
  const { invocationsPerDay: n, streams, teams, gpus } = scale;
  const recordsPerRun = n / 96;
  const runSeconds =
    (m.secondsPerRun + recordsPerRun * m.secondsPerRecord + (n / 2) * m.secondsPerDayRow) * m.cpuSlowdown;
  const bedrockGbS = RUNS.bedrock * runSeconds * 1; // 1,024 MB
  // Cost Explorer and GPU runs at 512 MB; a few seconds each (API round trips, not CPU).
  const otherGbS = RUNS.cost * 20 * 0.5 + RUNS.gpu * (5 + gpus * 0.01) * 0.5;
  const bedrockObjects = streams * 288 * DAYS; // Bedrock writes ~5-minute objects per stream
  const athenaQueries = RUNS.bedrock * m.athenaQueriesPerBedrockRun;
  const alertsPerMonth = teams * 4; // about one alert a team a week
  const reportsPerMonth = 5; // four weekly and one monthly
  const storedGb =
    (n * m.curatedBytesPerRecord * m.curatedRetentionDays + n * m.rawBytesPerRecord * m.rawRetentionDays) /
    1e9;
  return [
    {
      item: 'Lambda duration',
      price: 'lambdaGbSecond',
      quantity: bedrockGbS + otherGbS,
      basis: `${runSeconds.toFixed(1)} s x ${RUNS.bedrock} Bedrock runs at 1 GB, plus Cost Explorer and GPU runs at 512 MB`,
    },
    {
      item: 'Lambda requests',
      price: 'lambdaRequest',
      quantity: RUNS.bedrock + RUNS.gpu + RUNS.cost,
      basis: 'one per scheduled run',
    },
    {
      item: 'EventBridge Scheduler',
      price: 'schedulerInvocation',
      quantity: RUNS.bedrock + RUNS.gpu + RUNS.cost,
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
      basis: `${m.athenaGetsPerQuery} GETs per query`,
    },
    {
      item: 'S3 LIST/PUT by Athena',
      price: 's3Tier1Request',
      quantity: athenaQueries * m.athenaPutsAndListsPerQuery,
      basis: 'result objects and listings per query',
    },
    {
      item: 'S3 storage',
      price: 's3StorageGbMonth',
      quantity: storedGb,
      basis: `raw logs ${m.rawRetentionDays} days, curated + staging ${m.curatedRetentionDays} days`,
    },
    {
      item: 'Athena scans (detection)',
      price: 'athenaTbScanned',
      quantity: (athenaQueries * m.athenaMinimumBytes) / 1e12,
      basis: `${m.athenaQueriesPerBedrockRun} queries per log ingest at the 10 MB minimum`,
    },
    {
      item: 'Cost Explorer requests',
      price: 'costExplorerRequest',
      quantity: RUNS.cost * m.costExplorerRequestsPerRun,
      basis: `${m.costExplorerRequestsPerRun} pages a daily run`,
    },
    {
      item: 'GetMetricData metrics',
      price: 'getMetricDataMetric',
      quantity: RUNS.gpu * gpus * m.metricsPerGpu,
      basis: `${gpus} GPUs x ${m.metricsPerGpu} metrics x ${RUNS.gpu} hourly runs`,
    },
    {
      item: 'CloudWatch custom metrics (EMF)',
      price: 'cloudWatchMetricMonth',
      quantity: m.customMetrics,
      basis: 'metric name x service dimension',
    },
    {
      item: 'CloudWatch alarms',
      price: 'cloudWatchAlarmMonth',
      quantity: m.alarms,
      basis: 'errors per function, dead-letter queue, no data',
    },
    {
      item: 'CloudWatch Logs ingestion',
      price: 'cloudWatchLogsIngestGb',
      quantity: ((RUNS.bedrock + RUNS.gpu + RUNS.cost) * m.logBytesPerRun) / 1e9,
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
      basis: 'ops topic key, alerts/reports key',
    },
    {
      item: 'KMS requests',
      price: 'kmsRequest',
      quantity: (alertsPerMonth + reportsPerMonth) * 2,
      basis: 'data key and decrypt per encrypted publish (S3 uses SSE-S3)',
    },
    {
      item: 'SSM parameter',
      price: 'ssmStandardParameter',
      quantity: 1,
      basis: 'the configuration, read at cold start',
    },
  ];
}
