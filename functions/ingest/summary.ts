import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IngestSummary } from '../../shared/bedrock';
import { OPS_METRICS } from '../../shared/telemetry/ops-metrics';
import { type Continuation, MAX_CONTINUATIONS } from './continuation';

/**
 * Adds a run's published counts (`OPS_METRICS.bedrockIngest`) to the stored metrics (published by
 * the caller, also when the run fails); the others are in the summary line. RecordsRead counts
 * records newly read this run; RecordsWritten rows of the whole days rewritten (it repeats across runs).
 */
export function addSummaryMetrics(metrics: Metrics, summary: IngestSummary, _next?: Continuation): void {
  const counts: Record<(typeof OPS_METRICS.bedrockIngest)[number], number> = {
    RecordsRead: summary.recordsRead,
    RecordsWritten: summary.recordsWritten,
  };
  for (const name of OPS_METRICS.bedrockIngest) metrics.addMetric(name, MetricUnit.Count, counts[name]);
}

/** The run's one log line: names files and reasons, never record content. */
export function logSummary(logger: Logger, summary: IngestSummary, continuation?: Continuation): void {
  const failed = summary.unitsFailed.length > 0 || continuation?.continued === false;
  const level = failed ? 'error' : summary.linesRejected > 0 ? 'warn' : 'info';
  const message = summary.complete
    ? 'ingest bedrock-logs finished'
    : continuation?.continued
      ? `ingest bedrock-logs stopped before the timeout; continuing (${continuation.continuation} of at most ${MAX_CONTINUATIONS})`
      : `ingest bedrock-logs stopped before the timeout and did not continue: ${continuation?.reason ?? 'it failed'}`;
  logger[level](message, { summary, ...(continuation ? { continuation } : {}) });
}
