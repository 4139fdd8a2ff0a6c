import { z } from 'zod';

/** Length of one period of the "detection did not run" alarm: the default ingest schedule's interval. */
export const DETECTION_ALARM_PERIOD_MINUTES = 15;

/** The detection run that follows each Bedrock ingest run (anomalies and guardrails). */
export const detectionSchema = z
  .object({
    /**
     * Consecutive 15-minute periods without a completed detection run before the "detection did not
     * run" alarm fires (no run at all counts). 4 (an hour) by default: four ingest runs in a row on the
     * default 15-minute schedule. `null` turns the alarm off.
     */
    notRunAlarmPeriods: z.number().int().min(1).max(96).nullable().default(4),
  })
  .strict();

export type DetectionConfig = z.infer<typeof detectionSchema>;

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

/**
 * Why `periods` is too short for an ingest on `schedule` (it must cover two ingest intervals, so
 * one late run does not alarm), or undefined when it is long enough. Only `rate(…)` schedules are
 * checked: a cron's gaps vary.
 */
export function detectionAlarmProblem(periods: number, schedule: string): string | undefined {
  const rate = RATE.exec(schedule);
  if (!rate) return undefined;
  const unit = (rate[2] ?? 'minute').replace(/s$/, '');
  const interval = Number(rate[1]) * (UNIT_MINUTES[unit] ?? 1);
  const needed = Math.ceil((2 * interval) / DETECTION_ALARM_PERIOD_MINUTES);
  return periods >= needed
    ? undefined
    : `${periods} × ${DETECTION_ALARM_PERIOD_MINUTES} minutes is less than two runs of ingest.schedule ${schedule}: use at least ${needed}, or null for no alarm`;
}
