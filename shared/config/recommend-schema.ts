import { z } from 'zod';

const bar = z.object({ metric: z.string().min(1), minScore: z.number() }).strict();
const pct = z.number().min(0).max(100);

const rightSizeSchema = z
  .object({
    maxMeanPromptTokens: z.number().int().min(1).default(4000),
    maxMeanOutputTokens: z.number().int().min(1).default(500),
    maxP95PromptTokens: z.number().int().min(1).default(16000),
    maxErrorRatePct: pct.default(2),
    minInvocations: z.number().int().min(1).default(100),
  })
  .strict();

const promptCachingSchema = z
  .object({
    minMeanPromptTokens: z.number().int().min(1).default(1024),
    maxCacheReadSharePct: pct.default(20),
    cacheablePrefixPct: pct.default(50),
    minInvocations: z.number().int().min(1).default(100),
  })
  .strict();

const gpuSchema = z
  .object({
    idleUtilPct: pct.default(10),
    idleMaxUtilPct: pct.default(30),
    scaleDownUtilPct: pct.default(40),
    targetUtilPct: pct.default(70),
    offPeakMaxUtilPct: pct.default(50),
    /** gpu-low-output-value: an endpoint this busy whose tokens per GPU-hour are under lowOutputPct % of the fleet's. */
    saturatedUtilPct: pct.default(70),
    lowOutputPct: pct.default(50),
    /** The managed Bedrock model a served endpoint's tokens are priced at (in-Region list price). */
    managedModel: z.string().min(1).default('meta.llama3-3-70b-instruct-v1:0'),
    minHours: z.number().int().min(1).default(12),
  })
  .strict();

/** `recommend`: the quality bars and the thresholds each recommendation kind applies. */
export const recommendSchema = z
  .object({
    /** Per feature, the evaluation metric and least score a model must reach. */
    qualityBars: z.record(z.string().min(1), bar).default({}),
    /** The bar of evaluated features without their own. */
    defaultQualityBar: bar.optional(),
    rightSize: rightSizeSchema.default(rightSizeSchema.parse({})),
    promptCaching: promptCachingSchema.default(promptCachingSchema.parse({})),
    /** Cost per outcome: flag when cost grows this many points faster than outcomes. */
    outcomeGapPct: z.number().min(0).default(10),
    gpu: gpuSchema.default(gpuSchema.parse({})),
  })
  .strict();

export type RecommendConfig = z.infer<typeof recommendSchema>;
