import { z } from 'zod';

/** One e-mail address (SNS sends a confirmation mail before delivering anything). */
const email = z.email('an e-mail address');

/**
 * Who receives what by e-mail. Each address gets an SNS subscription at deploy time and must
 * confirm it. Teams are the attribution `team` values: a team's engineers receive only alerts
 * published with that `team` message attribute.
 */
export const notificationsSchema = z
  .object({
    /** Finance and anyone else who receives the weekly and monthly reports. */
    reports: z.array(email).default([]),
    /** Team (as in `bedrock_invocations.team`) → the engineers who receive that team's alerts. */
    teams: z
      .record(
        z
          .string()
          .min(1)
          .max(128)
          .regex(/^[^/\s]+$/, 'a team name without slashes or spaces'),
        z.array(email).min(1),
      )
      .default({}),
    /** Operators who receive the pipeline's own alarms (ops topic). */
    opsEmails: z.array(email).default([]),
  })
  .strict();

export type NotificationsConfig = z.infer<typeof notificationsSchema>;
