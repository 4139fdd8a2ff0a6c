import type { ObjectStore } from '../ports/object-store';
import { StateConflictError } from './errors';

const MAX_ATTEMPTS = 8;

/** A JSON state object read together with the ETag it had. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Reads a JSON state object and its ETag, or undefined when there is none. */
export async function readState<T>(store: ObjectStore, key: string): Promise<Versioned<T> | undefined> {
  const info = await store.head(key);
  if (!info?.etag) return undefined;
  const bytes = await store.getBytes(key).catch(() => undefined);
  if (!bytes) return undefined;
  return { value: JSON.parse(Buffer.from(bytes).toString('utf8')) as T, etag: info.etag };
}

const encode = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** Creates a state object only if none exists; false when another writer got there first. */
export async function createState(store: ObjectStore, key: string, value: unknown): Promise<boolean> {
  return (await store.putIf(key, encode(value), { ifAbsent: true })) !== undefined;
}

/**
 * Read-modify-write with a conditional put on the ETag read: a concurrent change makes the put
 * fail and the update is re-applied to the new version, so no change is lost (S3 `If-Match`).
 * `change` returns the new value, or undefined to leave the object as it is. The result is the
 * value stored afterwards (undefined when there is no object and `change` made none).
 */
export async function updateState<T>(
  store: ObjectStore,
  key: string,
  change: (current: T | undefined) => T | undefined,
): Promise<T | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await readState<T>(store, key);
    const next = change(current?.value);
    if (next === undefined) return current?.value;
    const body = encode(next);
    const ok = current
      ? await store.putIf(key, body, { ifMatch: current.etag })
      : await store.putIf(key, body, { ifAbsent: true });
    if (ok !== undefined) return next;
  }
  throw new StateConflictError(`${key} kept changing during ${MAX_ATTEMPTS} attempts to update it`);
}
