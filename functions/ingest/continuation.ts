import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { IngestSummary } from '../../shared/bedrock';
import type { IngestEvent } from './event';

/** A run continues itself at most this often; a backlog larger than 21 invocations waits for the next schedule. */
export const MAX_CONTINUATIONS = 20;

/** What happened to a run that stopped early: continued (with the counter it was sent), or why not. */
export type Continuation = { continued: true; continuation: number } | { continued: false; reason: string };

/**
 * The event that continues `event`: the same window, pinned (a scheduled run continued later must
 * not slide to a later hour), the counter raised, and no `force` (it would re-read what is done).
 */
export function continuationEvent(event: IngestEvent, window: { from: string; to: string }): IngestEvent {
  const { force: _force, ...rest } = event;
  return { ...rest, window, continuation: (event.continuation ?? 0) + 1 };
}

/** Invokes `functionName` asynchronously with the continuation of `event`, unless the limit is reached; never throws. */
export async function continueRun(
  lambda: LambdaClient | undefined,
  functionName: string | undefined,
  event: IngestEvent,
  summary: IngestSummary,
): Promise<Continuation> {
  if ((event.continuation ?? 0) >= MAX_CONTINUATIONS) return { continued: false, reason: 'limit reached' };
  if (!lambda || !functionName || !summary.window)
    return { continued: false, reason: 'no function to invoke' };
  const next = continuationEvent(event, summary.window);
  try {
    await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(next)),
      }),
    );
  } catch (error) {
    // The finished batches are kept either way: the next scheduled run picks up the rest.
    return {
      continued: false,
      reason: `invoke failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return { continued: true, continuation: next.continuation ?? 1 };
}
