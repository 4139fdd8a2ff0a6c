import { randomBytes } from 'node:crypto';
import type { Clock, ObjectStore } from '../ports';

/** Where leases live in the store (not a table). */
export const LEASE_ROOT = '_state/leases';

/** A lease could not be had in time, or was lost while held: the work under it was not done. */
export class LeaseError extends Error {
  override name = 'LeaseError';
}

export interface LeaseOptions {
  /** How long a lease is good for without release: a crashed holder blocks others this long at most. */
  ttlMs?: number;
  /** How long to wait for a held lease before giving up. */
  waitMs?: number;
}

/** The lease a holder has: `check` throws when it has run out, so nothing is written after that. */
export interface HeldLease {
  readonly key: string;
  check(): void;
}

interface LeaseBody {
  owner: string;
  expiresAt: string;
}

const DEFAULT_TTL_MS = 10 * 60_000;
const DEFAULT_WAIT_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

const leaseKey = (name: string): string => `${LEASE_ROOT}/${name}.json`;

function parseBody(bytes: Uint8Array): LeaseBody | undefined {
  try {
    const body = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<LeaseBody>;
    return typeof body.owner === 'string' && typeof body.expiresAt === 'string'
      ? (body as LeaseBody)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` holding the lease `name` (e.g. `bedrock_invocations/dt=2026-03-02`), so that two runs
 * never rewrite the same partition at once. Taken with a conditional create; a lease left by a
 * crashed holder is taken over once expired, with a conditional replace on its ETag, so exactly one
 * waiter wins. Released afterwards, also when `work` fails.
 */
export async function withLease<T>(
  store: ObjectStore,
  clock: Clock,
  name: string,
  work: (lease: HeldLease) => Promise<T>,
  options: LeaseOptions = {},
): Promise<T> {
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const key = leaseKey(name);
  const owner = randomBytes(8).toString('hex');
  const giveUpAt = clock.now().getTime() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let backoff = FIRST_BACKOFF_MS;
  let etag: string | undefined;
  let expiresAt = 0;
  for (;;) {
    expiresAt = clock.now().getTime() + ttl;
    const body = Buffer.from(JSON.stringify({ owner, expiresAt: new Date(expiresAt).toISOString() }));
    etag = await store.putIf(key, body, { ifAbsent: true });
    if (etag !== undefined) break;
    const current = await store.head(key);
    if (current?.etag !== undefined) {
      const held = parseBody(await store.getBytes(key).catch(() => new Uint8Array()));
      // An unreadable lease is treated as expired: it was not written by this code.
      const heldUntil = held ? Date.parse(held.expiresAt) : 0;
      if (!(heldUntil > clock.now().getTime())) {
        etag = await store.putIf(key, body, { ifMatch: current.etag });
        if (etag !== undefined) break;
      }
    }
    if (clock.now().getTime() >= giveUpAt) {
      throw new LeaseError(`${name} is held by another run; gave up after waiting`);
    }
    await clock.sleep(backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
  const lease: HeldLease = {
    key,
    check: () => {
      // Some margin: a write started now must land before another run may take over.
      if (clock.now().getTime() > expiresAt - ttl / 10) {
        throw new LeaseError(`lease on ${name} ran out before the work finished`);
      }
    },
  };
  try {
    return await work(lease);
  } finally {
    // Only our own lease: after an expiry another run may hold it now.
    const current = await store.head(key).catch(() => undefined);
    if (current?.etag === etag) await store.delete([key]).catch(() => {});
  }
}
