import type { IngestDeps, IngestRequest } from './ingest';
import type { IngestSummary } from './run-summary';
import type { HourWindow } from './window';

/** Hour folders per batch in Lambda: small enough that a batch finishes well within the time left. */
export const LAMBDA_BATCH_UNITS = 48;
/** Leave this much of the 15 minutes for the last batch and the summary. */
export const STOP_BEFORE_TIMEOUT_MS = 4 * 60_000;

/** A whole run within a time limit, with what it needs injected. */
export interface TimedRunDeps<C> {
  /** The core run (`ingestBedrockLogs`, or a test's run that stops early). */
  ingest: (deps: IngestDeps, request: IngestRequest) => Promise<IngestSummary>;
  core: IngestDeps;
  /** The time left in milliseconds; without it the run never stops early. */
  remainingMs?: () => number;
  /** Continues a run that stopped early, and says how. */
  continueRun: (summary: IngestSummary) => Promise<C>;
}

/** What a timed run did: its summary, how it goes on (when it stopped early), and whether units failed. */
export interface TimedRunOutcome<C> {
  summary: IngestSummary;
  next?: C;
  failed: boolean;
}

/**
 * Runs the whole ingest in batches, stopping between them with time to spare (finished batches
 * stay done), and continues a run that stopped early. A run whose units failed is not continued:
 * it is retried with the same event, which continues it, so it never continues twice.
 */
export async function runIngestInTime<C>(
  deps: TimedRunDeps<C>,
  request: { window: HourWindow | undefined; force: boolean },
): Promise<TimedRunOutcome<C>> {
  const { remainingMs } = deps;
  const shouldStop = () => (remainingMs ? remainingMs() < STOP_BEFORE_TIMEOUT_MS : false);
  const summary = await deps.ingest(deps.core, {
    window: request.window,
    force: request.force,
    batchUnits: LAMBDA_BATCH_UNITS,
    shouldStop,
  });
  const failed = summary.unitsFailed.length > 0;
  let next: C | undefined;
  if (!summary.complete && !failed) next = await deps.continueRun(summary);
  return { summary, next, failed };
}
