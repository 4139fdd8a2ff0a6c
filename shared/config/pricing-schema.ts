import { z } from 'zod';

/** Price book and cost-query settings. */
export const pricingSchema = z
  .object({
    /** estimate-vs-bill flags a day × model × token type whose bill differs from the estimate by more than this percent. */
    estimateGapPct: z.number().int().min(0).max(100_000).default(10),
    /** gpu-efficiency: instance types at or above this on-demand $/hour count as costly. */
    costlyInstanceRate: z.number().int().min(0).max(1_000_000).default(10),
    /** gpu-efficiency: the UTC peak hours [start, end) batch work should avoid. */
    peakHoursUtc: z
      .object({
        start: z.number().int().min(0).max(24).default(9),
        end: z.number().int().min(0).max(24).default(18),
      })
      .strict()
      .default({ start: 9, end: 18 }),
    /** Regions whose Price List rows `prices --refresh` reads. */
    refreshRegions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/))
      .min(1)
      .default(['us-east-1']),
  })
  .strict();

export type PricingConfig = z.infer<typeof pricingSchema>;
