import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IngestSummary } from '../../shared/bedrock';
import { type Continuation, MAX_CONTINUATIONS } from './continuation';

/** Adds a run's counts to the stored metrics (published by the caller, also when the run fails). */
export function addSummaryMetrics(metrics: Metrics, summary: IngestSummary, next?: Continuation): void {
  // Per run: records newly read. RecordsWritten counts rows of the whole days rewritten (it repeats across runs).
  metrics.addMetric('RecordsRead', MetricUnit.Count, summary.recordsRead);
  metrics.addMetric('RecordsWithoutTokens', MetricUnit.Count, summary.recordsWithoutTokens);
  metrics.addMetric('RecordsWritten', MetricUnit.Count, summary.recordsWritten);
  metrics.addMetric('LinesRejected', MetricUnit.Count, summary.linesRejected);
  metrics.addMetric('DuplicatesDropped', MetricUnit.Count, summary.duplicatesDropped);
  metrics.addMetric('BytesRead', MetricUnit.Bytes, summary.bytesRead);
  metrics.addMetric('FilesRead', MetricUnit.Count, summary.filesRead);
  metrics.addMetric('DamagedObjects', MetricUnit.Count, summary.damagedObjects.length);
  metrics.addMetric('UnitsFailed', MetricUnit.Count, summary.unitsFailed.length);
  metrics.addMetric('RunsContinued', MetricUnit.Count, next?.continued ? 1 : 0);
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
