import { z } from 'zod';
import { notRunAlarmPeriodsSchema } from './detection-alarm-periods';

/** Dollars as decimal text with at most 6 decimals (`'250'`, `'12.50'`); a JSON number is read as its text. */
const dollars = z
  .union([z.string(), z.number().positive().max(1e12)])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^\d{1,12}(\.\d{1,6})?$/.test(v) && !/^0+(\.0+)?$/.test(v), {
    message: 'a positive amount of dollars, e.g. "250" or "12.50" (at most 6 decimals)',
  });

/**
 * One static threshold: a limit on the usage of the rows matching every scope key given (no key:
 * the whole organisation). Checked by every detection run; an alert carries the limit as the bound.
 */
export const thresholdSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore (≤ 64)'),
    team: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    /** Normalized base model id, as in `bedrock_invocations.model`. */
    model: z.string().min(1).optional(),
    /** All tokens (input, output, cache read and write) in one UTC hour. */
    maxTokensPerHour: z.number().int().positive().optional(),
    /** Invocations in one UTC hour. */
    maxInvocationsPerHour: z.number().int().positive().optional(),
    /** Estimated dollars (list prices) in one UTC day. */
    maxSpendPerDay: dollars.optional(),
  })
  .strict()
  .refine(
    (t) =>
      t.maxTokensPerHour !== undefined ||
      t.maxInvocationsPerHour !== undefined ||
      t.maxSpendPerDay !== undefined,
    { message: 'a threshold needs maxTokensPerHour, maxInvocationsPerHour or maxSpendPerDay' },
  );

/** `anomaly`: what detection checks besides the learnt baselines. */
export const anomalySchema = z
  .object({
    thresholds: z.array(thresholdSchema).default([]),
    /** The "detection did not run" alarm (detection-alarm-periods.ts); absent: derived from `ingest.schedule`. */
    notRunAlarmPeriods: notRunAlarmPeriodsSchema,
  })
  .strict()
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.thresholds.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', i, 'name'],
          message: `duplicate threshold '${t.name}'`,
        });
      seen.add(t.name);
    });
  });

export type AnomalyConfig = z.infer<typeof anomalySchema>;
export type ThresholdConfig = z.infer<typeof thresholdSchema>;
