import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { Clock } from '../../shared/ports';
import { isPublishedMetric } from '../../shared/telemetry/ops-metrics';

/** One scheduled job's run, as every function's shell does it. */
export interface JobRun<S> {
  /** For the summary line, e.g. `ingest cost-explorer`. */
  name: string;
  logger: Logger;
  telemetry: Metrics;
  context?: Partial<Context>;
  run: () => Promise<S>;
  /** The run's counts; those named in `OPS_METRICS` are published as metrics (the summary line has them all). */
  counts: (summary: S) => Record<string, number>;
  /** Why the run failed (then the invocation fails: Lambda retries, dead-letters, alarms), or undefined. */
  failure: (summary: S) => string | undefined;
}

/**
 * Runs a job with the Powertools shell: the Lambda context on every log line, one summary line,
 * the counts `OPS_METRICS` names published as metrics, also when the run throws. No cold-start
 * metric: each would be one more custom metric a function, and the REPORT line's Init Duration
 * and the logger's `cold_start` key already say it.
 */
export async function runJob<S>(job: JobRun<S>): Promise<S> {
  const { logger, telemetry } = job;
  if (job.context) logger.addContext(job.context as Context);
  try {
    const summary = await job.run();
    for (const [name, value] of Object.entries(job.counts(summary)))
      if (isPublishedMetric(name)) telemetry.addMetric(name, MetricUnit.Count, value);
    const failure = job.failure(summary);
    logger[failure ? 'error' : 'info'](`${job.name} finished`, { summary });
    if (failure) throw new Error(failure);
    return summary;
  } finally {
    telemetry.publishStoredMetrics();
  }
}

/** The scheduled time of an event (`time`), or now when absent or not a time. */
export function scheduledTime(time: string | undefined, clock: Clock): Date {
  const at = time ? new Date(time) : clock.now();
  return Number.isNaN(at.getTime()) ? clock.now() : at;
}
