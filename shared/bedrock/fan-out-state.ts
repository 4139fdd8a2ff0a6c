import type { ObjectStore } from '../ports';
import { ObjectNotFoundError } from '../ports/store-errors';
import { BedrockIngestError } from './errors';

/**
 * Where a fanned-out run keeps what its steps hand to each other (small JSON, under `_state/`, not in
 * the Step Functions payload, which is capped at 256 KB): the plan, each piece's outcome, each day rebuilt.
 */
export const FAN_OUT_ROOT = '_state/fanout/bedrock_invocations';

/** A run id that is not a Step Functions execution name (letters, digits, `-`, `_`; at most 80). */
export class InvalidRunIdError extends BedrockIngestError {
  override name = 'InvalidRunIdError';
}

/** A step found the state of its run missing or unreadable (the plan never ran, or the run was committed). */
export class RunStateError extends BedrockIngestError {
  override name = 'RunStateError';
}

const RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The folder of one run's state; the id is checked, since it becomes part of object keys. */
export function runPrefix(runId: string): string {
  if (!RUN_ID.test(runId))
    throw new InvalidRunIdError(`run id ${JSON.stringify(runId)} is not an execution name`);
  return `${FAN_OUT_ROOT}/${runId}/`;
}

/** Keys of one run's state. */
export const runKeys = (runId: string) => {
  const root = runPrefix(runId);
  return {
    plan: `${root}plan.json`,
    /** The Distributed Map's items (ItemReader, JSON array). */
    items: `${root}items.json`,
    piece: (n: number) => `${root}pieces/${String(n).padStart(6, '0')}.json`,
    pieces: `${root}pieces/`,
    day: (dt: string) => `${root}days/${dt}.json`,
    days: `${root}days/`,
  };
};

/** Writes a JSON object (whole or nothing, like every store put). */
export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, Buffer.from(JSON.stringify(value)), { contentType: 'application/json' });
}

/** Reads a JSON object, or undefined when there is none. */
export async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(Buffer.from(await store.getBytes(key)).toString('utf8')) as T;
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}
