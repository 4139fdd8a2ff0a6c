/**
 * Counts measured on `genai-finops ingest bedrock-logs --json` (its `requests` summary), over the demo
 * organisation (5 streams, ~650 records an hour), 2026-12: a run after one new hour folder made source
 * LIST 3 / GET 60 (12 objects per stream-hour), store LIST 3 / GET 172 / PUT 13 / DELETE 1, and the day's
 * staged units are what the store GETs are (115 of the 172). A full run read 15,618 records in 2.5 s on
 * one core (~160 µs a record, everything included); Parquet is 52 B a record in bedrock_invocations and
 * 123 B in the staging extracts; the raw gzip logs 375 B a record. The stack's own resources (alarms,
 * keys) are counted on the synthesized template by test/infra/pipeline-cost.test.ts.
 */
export const MEASURED: Measured = {
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
  curatedBytesPerRecord: 57,
  stagedBytesPerRecord: 123,
  rawBytesPerRecord: 375,
  /** Store requests of an hourly GPU run (lease, partition, kept memory totals; test/unit/gpu/query-plan). */
  gpuStoreTier1PerRun: 6,
  gpuStoreTier2PerRun: 4,
  /** Store requests of a month of daily Cost Explorer runs, month start included (test/unit/cost-explorer-selection). */
  costStoreTier1PerMonth: 1_200,
  costStoreTier2PerMonth: 700,
  /**
   * Reads of the report window of bedrock_invocations per report: the 2 recommendation queries that
   * need single calls (prompt shapes, endpoint tokens). Priced as whole rows (52 B), an upper bound:
   * Parquet lets Athena read only the columns used.
   */
  reportWindowReads: 2,
  /**
   * The report's queries over usage, which read identity_daily for the days that have it
   * (shared/sql/finops/usage-days.ts): allocation, the previous window's allocation, unit costs,
   * trends, tag coverage, estimate vs bill; each also reads cost_daily and prices, and is billed at
   * least 10 MB. Trends reads from the start of the month before the window: up to 31 days more.
   * `npx tsx bench/report-scan.ts` over a 35-day demo lake (6 teams, 2026-12-01): a week's report and
   * recommendations read 31.6 MB of usage partitions before, 5.0 MB after (4.6 MB of it the 2 reads
   * above); identity_daily 5,493 B a day (915 B a team-day), bedrock_invocations 326,682 B.
   */
  reportAggregateQueries: 6,
  reportTrendsExtraDays: 31,
  /** Errors per function (six), dead-letter queue, no data ingested, detection did not run. */
  alarms: 9,
  /** The topics' key (operations, alerts, reports). */
  kmsKeys: 1,
  /** A summary line (~3 KB) plus Lambda's START/END/REPORT lines. */
  logBytesPerRun: 4_000,
  /**
   * Detection after each log ingest (shared/anomaly/run-detection.ts), Athena queries at the 10 MB
   * minimum each, as the query tally counts them (test/integration/anomaly/detect-hourly.test.ts):
   * every run reads usage_hourly once (hourly series, quarter hours and their shares); the first run
   * to see each new complete hour also reads gpu_hourly and cost_daily; each alert sent reads its
   * contributors, and a run opening an incident the releases (2 an alert at most).
   */
  detectionQueriesPerRun: 1,
  detectionQueriesPerHour: 2,
  detectionQueriesPerAlert: 2,
  /**
   * Guardrails after each log ingest (shared/guardrails/run-guardrails.ts): the allocation and the
   * identity usage, each over identity_daily from 28 days before the month's start to today (43 days
   * on average), every run; the allocation also reads cost_daily and prices. identity_daily holds 14.3
   * rows, 914 B, per team-day, and the allocation's other reads 27,950 B (`npx tsx bench/guardrail-scan.ts`
   * over the demo lake, 6 teams, 2026-12-01): each query is billed at Athena's 10 MB minimum until
   * 43 days x teams x 914 B passes it (about 250 teams).
   */
  guardrailQueriesPerRun: 2,
  guardrailWindowDays: 43,
  identityDailyBytesPerTeamDay: 914,
  guardrailAllocationExtraBytes: 27_950,
  athenaMinimumBytes: 10_000_000,
  /** Athena reads ~96 objects and 2 LISTs and writes 2 result objects per query (worked example). */
  athenaGetsPerQuery: 96,
  athenaPutsAndListsPerQuery: 4,
  /**
   * The fan-out's steps (`npx tsx bench/ingest-pieces.ts`, decision 0007, the lower of two runs, CPU
   * of one core, which a 1,769 MB function has): a piece stages 14,500 invocations/s; a day rebuilt in
   * one process 38,600 rows/s (536k rows, shuffled); fanned out, shuffle 122,000 rows/s, merge 64,000
   * rows/s; the finish copies a 50M-row day's parts within a minute on S3 (an estimate: 6–12 s of CPU).
   */
  pieceRecordsPerSecond: 14_500,
  oneProcessRowsPerSecond: 38_600,
  shuffleRowsPerSecond: 122_000,
  mergeRowsPerSecond: 64_000,
  finishRowsPerSecond: 50_000_000 / 60,
  /** The function's memory when fanned out (infra/lib/genai-finops.ts). */
  fanOutMemoryGb: 1769 / 1024,
  /** Rebuilds of the previous day a day, fanned out: its last hour's late objects, seen by the first run after midnight. */
  previousDayRebuildsPerDay: 1,
};

/** The measured counts the estimate is built on (a test may vary one to see what it weighs). */
export interface Measured {
  objectsPerStreamHour: number;
  sourceRereadFactor: number;
  storeGetsPerRun: (streams: number) => number;
  storePutsPerRun: (streams: number) => number;
  storeListsPerRun: number;
  sourceListsPerRun: (streams: number) => number;
  secondsPerRecord: number;
  secondsPerDayRow: number;
  secondsPerRun: number;
  cpuSlowdown: number;
  curatedBytesPerRecord: number;
  stagedBytesPerRecord: number;
  rawBytesPerRecord: number;
  gpuStoreTier1PerRun: number;
  gpuStoreTier2PerRun: number;
  costStoreTier1PerMonth: number;
  costStoreTier2PerMonth: number;
  reportWindowReads: number;
  reportAggregateQueries: number;
  reportTrendsExtraDays: number;
  alarms: number;
  kmsKeys: number;
  logBytesPerRun: number;
  detectionQueriesPerRun: number;
  detectionQueriesPerHour: number;
  detectionQueriesPerAlert: number;
  guardrailQueriesPerRun: number;
  guardrailWindowDays: number;
  identityDailyBytesPerTeamDay: number;
  guardrailAllocationExtraBytes: number;
  athenaMinimumBytes: number;
  athenaGetsPerQuery: number;
  athenaPutsAndListsPerQuery: number;
  pieceRecordsPerSecond: number;
  oneProcessRowsPerSecond: number;
  shuffleRowsPerSecond: number;
  mergeRowsPerSecond: number;
  finishRowsPerSecond: number;
  fanOutMemoryGb: number;
  previousDayRebuildsPerDay: number;
}
