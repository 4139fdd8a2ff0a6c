import { z } from 'zod';

/** `*` matches any run of characters; everything else literally (model ids, identity ARNs). */
const pattern = z.string().min(1).max(512);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day, YYYY-MM-DD');
const shares = z.array(z.number().positive().max(1000)).min(1).max(10);

/**
 * One budget. Its scope is the rows matching every key given (team, environment, feature, calling
 * identity); an experiment is a budget with `until`, which stops being evaluated after that day.
 */
export const budgetSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore (≤ 64)'),
    team: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    /** Calling identity ARN pattern (an experiment run by a role rather than tagged as a feature). */
    identity: pattern.optional(),
    /** Last UTC day the budget applies (experiments). */
    until: day.optional(),
    /** Dollars per UTC day. */
    daily: z.number().positive().optional(),
    /** Dollars per UTC calendar month. */
    monthly: z.number().positive().optional(),
    /** Shares of the amount (percent) that alert once each per period; default `guardrails.alertAt`. */
    alertAt: shares.optional(),
  })
  .strict()
  .refine((b) => b.daily !== undefined || b.monthly !== undefined, {
    message: 'a budget needs a daily or a monthly amount',
  })
  .refine(
    (b) =>
      b.team !== undefined ||
      b.environment !== undefined ||
      b.feature !== undefined ||
      b.identity !== undefined,
    { message: 'a budget needs at least one of team, environment, feature, identity' },
  );

export const priceTierSchema = z.enum(['small', 'medium', 'large']);

/** Which models an environment may call. */
export const modelPolicySchema = z
  .object({
    /** Model id patterns allowed outright. */
    allow: z.array(pattern).default([]),
    /** Models whose list output price puts them in this tier or a cheaper one are allowed. */
    maxTier: priceTierSchema.optional(),
    /** Model id patterns that need an approval (`genai-finops approve`) even when otherwise allowed. */
    needsApproval: z.array(pattern).default([]),
  })
  .strict();

export const enforcementSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Environments whose roles may get the deny policy; no other environment is ever touched. */
    environments: z.array(z.string().min(1)).default([]),
    /** Only roles carrying this tag are touched (and the pipeline's IAM permission is scoped to it). */
    roleTag: z
      .object({ key: z.string().min(1).max(128), value: z.string().max(256) })
      .strict()
      .default({ key: 'finops:enforce', value: 'true' }),
    /** Print what would be done and call nothing. On until turned off explicitly. */
    dryRun: z.boolean().default(true),
  })
  .strict();

/** Budgets, model policy, approvals and enforcement. */
export const guardrailsSchema = z
  .object({
    budgets: z.array(budgetSchema).default([]),
    alertAt: shares.default([50, 80, 100]),
    /** Environment → policy. Environments without one may call any model. */
    modelPolicy: z.record(z.string().min(1), modelPolicySchema).default({}),
    /** Upper bounds of the price tiers: list dollars per 1M output tokens. */
    priceTiers: z
      .object({ small: z.number().positive().default(2), medium: z.number().positive().default(20) })
      .strict()
      .default({ small: 2, medium: 20 }),
    enforcement: enforcementSchema.default(enforcementSchema.parse({})),
  })
  .strict()
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.budgets.forEach((b, i) => {
      if (seen.has(b.name))
        ctx.addIssue({
          code: 'custom',
          path: ['budgets', i, 'name'],
          message: `duplicate budget '${b.name}'`,
        });
      seen.add(b.name);
    });
  });

export type GuardrailsConfig = z.infer<typeof guardrailsSchema>;
export type BudgetConfig = z.infer<typeof budgetSchema>;
export type ModelPolicy = z.infer<typeof modelPolicySchema>;
export type EnforcementConfig = z.infer<typeof enforcementSchema>;
export type PriceTier = z.infer<typeof priceTierSchema>;
