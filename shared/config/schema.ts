import { z } from 'zod';
import { anomalySchema } from './anomaly-schema';
import { bedrockLoggingSchema } from './bedrock-logging-schema';
import { costExplorerSchema } from './cost-explorer-schema';
import { guardrailsSchema } from './guardrails-schema';
import { notificationsSchema } from './notifications-schema';
import { pricingSchema } from './pricing-schema';
import { recommendSchema } from './recommend-schema';

/**
 * `s3://bucket/prefix` or a local folder path. A first check only, without importing the adapters:
 * `parseLocation` (shared/adapters/open-store.ts) is the parser, and like it this treats `S3://` as S3.
 */
const location = z
  .string()
  .min(1)
  .refine((s) => !/^s3:\/\//i.test(s) || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(s), {
    message: 'must be s3://<bucket>[/prefix] with a valid bucket name, or a local folder path',
  });

/** Whether Intl knows `zone` (an IANA name, or UTC). UTC, the default, needs no check (ICU's first use costs ~25 ms). */
function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Request-metadata keys read for one attribution dimension, first match wins. */
const tagKeys = z.array(z.string().min(1).max(256)).min(1);

/** Maps a calling identity to attribution values. `match` is an ARN; `*` matches any run of characters. */
export const identityRuleSchema = z
  .object({
    match: z.string().min(1),
    team: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.team !== undefined || r.feature !== undefined || r.environment !== undefined, {
    message: 'an identity rule must set at least one of team, feature, environment',
  });

export const attributionSchema = z
  .object({
    /** Which requestMetadata keys carry each dimension (the first key present wins). */
    tagKeys: z
      .object({
        team: tagKeys.default(['team']),
        feature: tagKeys.default(['feature']),
        environment: tagKeys.default(['environment', 'env']),
      })
      .strict()
      .default({ team: ['team'], feature: ['feature'], environment: ['environment', 'env'] }),
    /** Identity ARN → team/feature/environment, used when request metadata does not say. First match wins. */
    identities: z.array(identityRuleSchema).default([]),
    /** The value used when neither metadata nor mapping says. */
    unattributed: z.string().min(1).default('unattributed'),
  })
  .strict();

/** The fan-out of the Bedrock ingest: pieces of the window staged in parallel, then each changed day rebuilt. */
export const fanOutSchema = z
  .object({
    /**
     * The schedule starts a Step Functions run that stages hour slices in parallel (Distributed Map)
     * instead of one Lambda run; for organisations whose 15-minute window no longer fits one function.
     */
    enabled: z.boolean().default(false),
    /** Hours of the window one piece lists and stages (a backfill event may ask for more). */
    pieceHours: z.number().int().min(1).max(168).default(1),
    /** Pieces staged at once (the Distributed Map's MaxConcurrency; Lambda concurrency is shared by the account). */
    maxConcurrency: z.number().int().min(1).max(1000).default(40),
    /** Days rebuilt at once after staging (an inline Map; each day under its lease). */
    compactConcurrency: z.number().int().min(1).max(40).default(8),
  })
  .strict();

export const ingestSchema = z
  .object({
    /** Where Bedrock writes its invocation logs (the bucket/prefix above `AWSLogs/`). */
    source: location.optional(),
    /** The KMS key that encrypts the Bedrock log bucket, when it uses SSE-KMS: the ingest may decrypt with it. */
    sourceKmsKeyArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
        'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)',
      )
      .optional(),
    /** Where curated Parquet goes. */
    store: location.optional(),
    /**
     * EventBridge schedule of the ingest function: `rate(…)` or a six-field `cron(…)`, UTC. Every
     * 15 minutes by default: Bedrock delivers log objects every few minutes, and detection reads them
     * right after each run.
     */
    schedule: z
      .string()
      .regex(
        /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/,
        'rate(N unit) or cron(six fields)',
      )
      .default('rate(15 minutes)'),
    /**
     * Hours without a single invocation record read before the "no data ingested" alarm fires (the
     * alarm also fires when the function stops reporting). `null` turns it off, for accounts with
     * quiet hours longer than that.
     */
    noDataAlarmHours: z.number().int().min(1).max(24).nullable().default(6),
    /**
     * Reserved concurrency of the ingest function: 1 keeps runs from rebuilding the same day at once.
     * `null` reserves none, for accounts whose concurrency limit is 10 (AWS keeps 10 unreserved).
     */
    reservedConcurrency: z.number().int().min(1).max(10).nullable().default(1),
    /** Hour folders before the current one that a scheduled run re-reads for late deliveries. */
    lookbackHours: z.number().int().min(0).max(168).default(2),
    /** Application inference profile ARN → base model id, for when GetInferenceProfile is unavailable. */
    inferenceProfiles: z.record(z.string().startsWith('arn:'), z.string().min(1)).default({}),
    /** The scheduled run as a Step Functions state machine that fans the work out (docs/decisions/0007). */
    fanOut: fanOutSchema.default(fanOutSchema.parse({})),
  })
  .strict();

/** Tag keys read for one attribution dimension of a GPU resource, first present wins (case-insensitive). */
const resourceTagKeys = z.array(z.string().min(1).max(128)).min(1);

const scheduleExpression = z
  .string()
  .regex(
    /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/,
    'rate(N unit) or cron(six fields)',
  );

const gpuTagKeysDefault = {
  team: ['team'],
  environment: ['environment', 'env'],
  priority: ['priority'],
};

/** GPU utilization from CloudWatch into `gpu_hourly`. */
export const gpuSchema = z
  .object({
    /** Which sources are read; each has its own CloudWatch namespace. */
    sources: z
      .object({
        ec2: z.boolean().default(true),
        sagemaker: z.boolean().default(true),
        eks: z.boolean().default(true),
      })
      .strict()
      .default({ ec2: true, sagemaker: true, eks: true }),
    /** CloudWatch namespaces: the agent's is configurable (`metrics.namespace` in its config). */
    namespaces: z
      .object({
        ec2: z.string().min(1).max(255).default('CWAgent'),
        sagemaker: z.string().min(1).max(255).default('/aws/sagemaker/Endpoints'),
        eks: z.string().min(1).max(255).default('ContainerInsights'),
      })
      .strict()
      .default({ ec2: 'CWAgent', sagemaker: '/aws/sagemaker/Endpoints', eks: 'ContainerInsights' }),
    /** Resource tag keys for each attribution dimension. */
    tagKeys: z
      .object({
        team: resourceTagKeys.default(gpuTagKeysDefault.team),
        environment: resourceTagKeys.default(gpuTagKeysDefault.environment),
        priority: resourceTagKeys.default(gpuTagKeysDefault.priority),
      })
      .strict()
      .default(gpuTagKeysDefault),
    /** Whole hours before the current one that a scheduled run re-reads (CloudWatch data arrives late). */
    lookbackHours: z.number().int().min(1).max(72).default(3),
    /**
     * GPU memory metrics are requested only by the runs whose UTC hour is a multiple of this (a
     * divisor of 24), for the hours since the previous such run: GetMetricData bills per metric, not
     * per data point. Utilization is read every run; 1 reads memory every run too. Assumes runs on
     * every UTC hour (the default `schedule`): a schedule that skips hours must still hit these.
     */
    memoryEveryHours: z
      .number()
      .int()
      .refine((n) => n >= 1 && 24 % n === 0, { message: 'a divisor of 24: 1, 2, 3, 4, 6, 8, 12 or 24' })
      .default(6),
    /** EventBridge schedule of the GPU metrics function, UTC. */
    schedule: scheduleExpression.default('rate(1 hour)'),
    /** Instance type → GPUs per instance, for types the shipped table lacks (or to correct it). */
    instanceGpus: z.record(z.string().min(1), z.number().int().min(1).max(64)).default({}),
  })
  .strict();

export const athenaSchema = z
  .object({
    workgroup: z.string().min(1).max(128).default('genai-finops'),
    database: z
      .string()
      .regex(/^[a-z0-9_]{1,255}$/, 'lower-case letters, digits and underscores')
      .default('genai_finops'),
    catalog: z.string().min(1).default('AwsDataCatalog'),
  })
  .strict();

/** The scheduled showback report (weekly and monthly) and the unit-cost metrics it publishes. */
export const reportSchema = z
  .object({
    /** IANA time zone the schedules run in and "last full week / month" is counted in. */
    timeZone: z
      .string()
      .min(1)
      .refine(isTimeZone, { message: 'an IANA time zone such as UTC or Europe/Berlin' })
      .default('UTC'),
    /**
     * Hours the e-mailed link to report.html stays valid. S3 pre-signed URLs last at most 7 days, and
     * no longer than the signing credentials (a Lambda role's session): the mail gives the real expiry.
     */
    linkExpiryHours: z.number().int().min(1).max(168).default(168),
    /**
     * Teams, features, environments and models published as their own unit-cost metric dimension
     * value, the rest as `other`; 0 (the default) publishes no unit-cost metrics. Each value is up to
     * 32 custom metrics at $0.30 a month (10 free per account): 10 values and other cost ~$100 a month.
     */
    metricsTopN: z.number().int().min(0).max(50).default(0),
  })
  .strict();

/** The whole configuration: one schema, read by the CLI, the Lambda functions and the CDK app. */
export const configSchema = z
  .object({
    attribution: attributionSchema.default(attributionSchema.parse({})),
    ingest: ingestSchema.default(ingestSchema.parse({})),
    athena: athenaSchema.default(athenaSchema.parse({})),
    costExplorer: costExplorerSchema.default(costExplorerSchema.parse({})),
    gpu: gpuSchema.default(gpuSchema.parse({})),
    pricing: pricingSchema.default(pricingSchema.parse({})),
    notifications: notificationsSchema.default(notificationsSchema.parse({})),
    guardrails: guardrailsSchema.default(guardrailsSchema.parse({})),
    anomaly: anomalySchema.default(anomalySchema.parse({})),
    report: reportSchema.default(reportSchema.parse({})),
    recommend: recommendSchema.default(recommendSchema.parse({})),
    bedrockLogging: bedrockLoggingSchema.default(bedrockLoggingSchema.parse({})),
  })
  .strict();

export type AppConfig = z.infer<typeof configSchema>;
export type AttributionConfig = z.infer<typeof attributionSchema>;
export type IdentityRule = z.infer<typeof identityRuleSchema>;
export type IngestConfig = z.infer<typeof ingestSchema>;
export type FanOutConfig = z.infer<typeof fanOutSchema>;
export type GpuConfig = z.infer<typeof gpuSchema>;
export type ReportConfig = z.infer<typeof reportSchema>;
/** What a user may write: every key optional. */
export type AppConfigInput = z.input<typeof configSchema>;
