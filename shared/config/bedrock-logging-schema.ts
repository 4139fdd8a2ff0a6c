import { z } from 'zod';

/**
 * Amazon Bedrock model invocation logging, turned on by the stack (one configuration per account
 * and Region). Off by default: point logging at the stack's bucket yourself, or read an existing
 * log bucket with `ingest.source`.
 */
export const bedrockLoggingSchema = z
  .object({
    /**
     * Let the stack configure model invocation logging in its account and Region: S3 delivery to the
     * logs bucket it creates, metadata only (no prompt, completion, image, embedding or video data).
     * This replaces any logging configuration the Region already has, and deleting the stack deletes it.
     */
    enabled: z.boolean().default(false),
    /** Key prefix above `AWSLogs/` in that bucket (`''` for the bucket root); no leading or trailing slash. */
    keyPrefix: z
      .string()
      .max(512)
      .regex(
        /^([A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*)?$/,
        'path segments joined by /, no leading or trailing /',
      )
      .default(''),
  })
  .strict();

export type BedrockLoggingConfig = z.infer<typeof bedrockLoggingSchema>;
