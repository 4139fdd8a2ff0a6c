import { z } from 'zod';

/** Cost allocation tag keys for one attribution dimension: the first key with a value wins. */
const costTagKeys = z.array(z.string().min(1).max(128)).min(1).max(4);

const tagKeysDefault = { team: ['team'], feature: ['feature'], environment: ['environment'] };

/** A service whose usage types are selected by a pattern (EC2: only GPU and accelerator instances). */
const usageTypeSelection = z
  .object({
    service: z.string().min(1),
    /** JavaScript regular expression matched against each USAGE_TYPE found by GetDimensionValues. */
    usageTypePattern: z
      .string()
      .min(1)
      .refine(
        (p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'must be a valid regular expression' },
      ),
  })
  .strict();

/** EC2 instance usage of GPU/accelerator families (p, g, inf, trn, dl); us-east-1 has no region prefix. */
export const GPU_INSTANCE_USAGE_PATTERN =
  '(^|-)(BoxUsage|SpotUsage|DedicatedUsage|HostUsage|ReservedHostUsage|UnusedBox|UnusedDed):(p[2-9][a-z0-9-]*|g[3-9][a-z0-9-]*|inf[0-9]+|trn[0-9]+[a-z]*|dl[0-9]+[a-z]*)\\.';

const usageTypeDefault = [
  { service: 'Amazon Elastic Compute Cloud - Compute', usageTypePattern: GPU_INSTANCE_USAGE_PATTERN },
];

/** Cost Explorer into `cost_daily`. */
export const costExplorerSchema = z
  .object({
    /** Services taken whole (every usage type). */
    services: z.array(z.string().min(1)).default(['Amazon Bedrock', 'Amazon SageMaker']),
    /**
     * SERVICE values discovered with GetDimensionValues (SearchString `search`) whose name ends in
     * `suffix`: Bedrock models sold through AWS Marketplace bill under services of their own.
     */
    discoverServices: z
      .array(z.object({ search: z.string().min(1), suffix: z.string().min(1) }).strict())
      .default([{ search: 'Bedrock Edition', suffix: ' (Amazon Bedrock Edition)' }]),
    /** Services of which only matching usage types are kept (found with GetDimensionValues). */
    usageTypes: z.array(usageTypeSelection).default(usageTypeDefault),
    /** RECORD_TYPE values left out: credits and refunds are not usage. */
    excludeRecordTypes: z.array(z.string().min(1)).default(['Credit', 'Refund']),
    /** Cost allocation tag keys per dimension; `iamPrincipal/<key>` for IAM principal tags. */
    tagKeys: z
      .object({
        team: costTagKeys.default(tagKeysDefault.team),
        feature: costTagKeys.default(tagKeysDefault.feature),
        environment: costTagKeys.default(tagKeysDefault.environment),
      })
      .strict()
      .default(tagKeysDefault),
    /** Split by linked account (one more request per run). */
    linkedAccounts: z.boolean().default(true),
    /** Days before today a scheduled run re-pulls (AWS restates recent days). */
    lookbackDays: z.number().int().min(1).max(62).default(3),
    /** During the first N days of a month a scheduled run re-pulls the whole previous month; 0 never. */
    previousMonthDays: z.number().int().min(0).max(28).default(5),
    /** The currency every cost amount must be in. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
      .default('USD'),
    /** Negative cost amounts are an input error unless credits/refunds/negations are meant to be kept. */
    negativeCost: z.enum(['reject', 'keep']).default('reject'),
    /** EventBridge schedule of the Cost Explorer function, UTC (data refreshes up to three times a day). */
    schedule: z
      .string()
      .regex(
        /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/,
        'rate(N unit) or cron(six fields)',
      )
      .default('cron(0 7 * * ? *)'),
  })
  .strict();

export type CostExplorerConfig = z.infer<typeof costExplorerSchema>;
