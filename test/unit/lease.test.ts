import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { LeaseError, withLease } from '../../shared/lake/lease';
import { fixedClock, systemClock } from '../../shared/ports';

let store: FolderStore;
beforeEach(() => {
  store = new FolderStore(mkdtempSync(join(tmpdir(), 'lease-')));
});

describe('FolderStore conditional writes', () => {
  it('creates once: a second create of the same key is refused and changes nothing', async () => {
    const etag = await store.putIf('k.json', Buffer.from('one'), { ifAbsent: true });
    expect(etag).toBeDefined();
    expect(await store.putIf('k.json', Buffer.from('two'), { ifAbsent: true })).toBeUndefined();
    expect(Buffer.from(await store.getBytes('k.json')).toString()).toBe('one');
    expect((await store.head('k.json'))?.etag).toBe(etag);
  });

  it('replaces only the version whose ETag it was given', async () => {
    const first = (await store.putIf('k.json', Buffer.from('one'), { ifAbsent: true })) as string;
    const second = await store.putIf('k.json', Buffer.from('two'), { ifMatch: first });
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await store.putIf('k.json', Buffer.from('three'), { ifMatch: first })).toBeUndefined();
    expect(Buffer.from(await store.getBytes('k.json')).toString()).toBe('two');
  });

  it('lets exactly one of many concurrent creates win', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        store.putIf('race.json', Buffer.from(String(i)), { ifAbsent: true }),
      ),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect([...(await collectKeys(store))]).toEqual(['race.json']);
  });
});

async function collectKeys(s: FolderStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of s.list('')) keys.push(o.key);
  return keys;
}

describe('withLease', () => {
  it('runs the work holding the lease and releases it afterwards, also on failure', async () => {
    const clock = fixedClock('2026-03-02T10:00:00Z');
    expect(
      await withLease(store, clock, 'day', async (l) => (await store.head(l.key))?.size ?? 0),
    ).toBeGreaterThan(0);
    expect(await collectKeys(store)).toEqual([]);
    await expect(
      withLease(store, clock, 'day', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await collectKeys(store)).toEqual([]);
  });

  it('makes a second holder wait until the first is done', async () => {
    // Real waits: a fixed clock would let the first lease expire while the second polls.
    const clock = systemClock;
    const order: string[] = [];
    let release: () => void = () => {};
    const first = withLease(store, clock, 'day', async () => {
      order.push('first in');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 20));
    const second = withLease(store, clock, 'day', async () => {
      order.push('second in');
    });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });

  it('gives up after its wait, naming the lease, while another run holds it', async () => {
    const clock = fixedClock('2026-03-02T10:00:00Z');
    await store.putIf(
      '_state/leases/day.json',
      Buffer.from(JSON.stringify({ owner: 'x', expiresAt: '2026-03-02T11:00:00.000Z' })),
      { ifAbsent: true },
    );
    await expect(withLease(store, clock, 'day', async () => 1, { waitMs: 10_000 })).rejects.toThrow(
      new LeaseError('day is held by another run; gave up after waiting'),
    );
  });

  it('takes over a lease whose holder crashed, once it has expired, and leaves no lease behind', async () => {
    await store.putIf(
      '_state/leases/day.json',
      Buffer.from(JSON.stringify({ owner: 'x', expiresAt: '2026-03-02T10:05:00.000Z' })),
      { ifAbsent: true },
    );
    // Waiting moves the fixed clock on: past the expiry the lease is taken over.
    const clock = fixedClock('2026-03-02T10:00:00Z');
    expect(await withLease(store, clock, 'day', async () => 'done', { waitMs: 10 * 60_000 })).toBe('done');
    expect(clock.now().getTime()).toBeGreaterThan(Date.parse('2026-03-02T10:05:00Z'));
    expect(await collectKeys(store)).toEqual([]);
  });

  it('stops writes once the lease has run out, and does not release a lease taken over since', async () => {
    const clock = fixedClock('2026-03-02T10:00:00Z');
    const error = await withLease(
      store,
      clock,
      'day',
      async (lease) => {
        await clock.sleep(11 * 60_000);
        // Another run took the expired lease over meanwhile.
        const current = await store.head(lease.key);
        await store.putIf(
          lease.key,
          Buffer.from('{"owner":"other","expiresAt":"2026-03-02T11:00:00.000Z"}'),
          {
            ifMatch: current?.etag as string,
          },
        );
        lease.check();
      },
      { ttlMs: 10 * 60_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseError);
    expect(await collectKeys(store)).toEqual(['_state/leases/day.json']);
  });
});
