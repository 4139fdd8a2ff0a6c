/**
 * Public us-east-1 list prices the pipeline's own bill is made of, each with the date it was seen and
 * its source (as collected in docs/reference "pipeline-costs-and-limits", section 1). USD.
 */
export interface Price {
  /** USD per `per` units, exact decimal text (money is never a float here). */
  usd: string;
  /** A power of ten. */
  per: number;
  unit: string;
  /** Units free each month (account-wide always-free tier), 0 when none. */
  freePerMonth: number;
  /** When the figure was seen, and where. */
  seen: string;
  source: string;
}

const p = (
  usd: string,
  per: number,
  unit: string,
  freePerMonth: number,
  seen: string,
  source: string,
): Price => ({
  usd,
  per,
  unit,
  freePerMonth,
  seen,
  source,
});

/** The price book of the estimate. */
export const PIPELINE_PRICES = {
  lambdaGbSecond: p(
    '0.0000133334',
    1,
    'GB-s (arm64)',
    400_000,
    '2026-09-06',
    'AWS Price List, Lambda arm64 duration',
  ),
  lambdaRequest: p('0.2', 1_000_000, 'requests', 1_000_000, '2026-09-20', 'aws.amazon.com/lambda/pricing'),
  schedulerInvocation: p(
    '1',
    1_000_000,
    'invocations',
    14_000_000,
    '2025-01-01',
    'AWS Price List, EventBridge Scheduler',
  ),
  s3Tier1Request: p(
    '0.005',
    1_000,
    'PUT/COPY/POST/LIST requests',
    0,
    '2026-09-06',
    'AWS Price List, S3 Standard',
  ),
  s3Tier2Request: p(
    '0.0004',
    1_000,
    'GET and other requests',
    0,
    '2026-09-06',
    'AWS Price List, S3 Standard',
  ),
  s3StorageGbMonth: p('0.023', 1, 'GB-month', 0, '2026-09-06', 'AWS Price List, S3 Standard first 50 TB'),
  athenaTbScanned: p(
    '5',
    1,
    'TB scanned (10 MB minimum per query)',
    0,
    '2026-12-01',
    'aws.amazon.com/athena/pricing',
  ),
  costExplorerRequest: p(
    '0.01',
    1,
    'requests (each page)',
    0,
    '2026-09-06',
    'aws.amazon.com/aws-cost-management/pricing',
  ),
  getMetricDataMetric: p(
    '0.01',
    1_000,
    'metrics requested',
    0,
    '2026-12-01',
    'aws.amazon.com/cloudwatch/pricing',
  ),
  cloudWatchMetricMonth: p(
    '0.3',
    1,
    'custom metric-months',
    10,
    '2026-12-01',
    'aws.amazon.com/cloudwatch/pricing',
  ),
  cloudWatchAlarmMonth: p(
    '0.1',
    1,
    'standard alarm-months',
    10,
    '2026-06-13',
    'aws.amazon.com/cloudwatch/pricing',
  ),
  cloudWatchLogsIngestGb: p('0.5', 1, 'GB ingested', 5, '2026-06-13', 'aws.amazon.com/cloudwatch/pricing'),
  snsPublish: p(
    '0.5',
    1_000_000,
    'publishes (64 KB each)',
    1_000_000,
    '2026-06-13',
    'aws.amazon.com/sns/pricing',
  ),
  snsEmail: p('2', 100_000, 'e-mail deliveries', 1_000, '2026-06-13', 'aws.amazon.com/sns/pricing'),
  cloudWatchDashboardMonth: p(
    '3',
    1,
    'dashboard-months',
    3,
    '2026-06-13',
    'aws.amazon.com/cloudwatch/pricing (3 dashboards of up to 50 metrics free)',
  ),
  s3GlacierIrGbMonth: p(
    '0.004',
    1,
    'GB-month (Glacier Instant Retrieval)',
    0,
    '2026-12-01',
    'aws.amazon.com/s3/pricing (not in the stored reference: unconfirmed)',
  ),
  s3GlacierIrTransition: p(
    '0.02',
    1_000,
    'lifecycle transitions to Glacier IR',
    0,
    '2026-12-01',
    'c3x.dev S3 request fees (unconfirmed)',
  ),
  stepFunctionsTransition: p(
    '0.025',
    1_000,
    'state transitions (Standard)',
    4_000,
    '2026-12-01',
    'aws.amazon.com/step-functions/pricing',
  ),
  s3DeleteRequest: p('0', 1_000, 'DELETE requests (free)', 0, '2026-09-06', 'AWS Price List, S3 Standard ⚠'),
  kmsKeyMonth: p('1', 1, 'customer managed key-months', 0, '2026-12-01', 'aws.amazon.com/kms/pricing'),
  kmsRequest: p('0.03', 10_000, 'requests', 20_000, '2026-03-15', 'aws.amazon.com/kms/pricing'),
  ssmStandardParameter: p(
    '0',
    1,
    'parameter-months (Standard: free)',
    0,
    '2026-12-01',
    'aws.amazon.com/systems-manager/pricing',
  ),
} as const satisfies Record<string, Price>;

/** A price by name. */
export type PriceName = keyof typeof PIPELINE_PRICES;
