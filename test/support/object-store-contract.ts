import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptyStoreStats, type ObjectInfo, type ObjectStore } from '../../shared/ports/object-store';
import { ObjectNotFoundError, StoreError } from '../../shared/ports/store-errors';

const MiB = 1024 * 1024;

/** Options a contract test may ask of a fresh store; adapters without paging or parts ignore them. */
export interface StoreOptions {
  pageSize?: number;
  partSize?: number;
}

/** How an adapter turns work into billed requests, where adapters legitimately differ. */
export interface StoreTraits {
  /** Requests made to put `bytes` bytes with the given part size. */
  putRequestsFor(bytes: number, partSize: number): number;
  /** Requests made to list `keys` keys recursively with the given page size. */
  listRequestsFor(keys: number, pageSize: number): number;
}

/**
 * The behaviour every `ObjectStore` adapter must share, run once per adapter. `makeStore` must
 * return a new, empty store for each call (a fresh folder, bucket or prefix).
 */
export function describeObjectStoreContract(
  name: string,
  makeStore: (options?: StoreOptions) => Promise<ObjectStore>,
  traits: StoreTraits,
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it('returns the bytes that were put from a buffer', async () => {
      const store = await makeStore();
      const body = new Uint8Array(randomBytes(70_000));
      await store.put('one/bytes.bin', body, { contentType: 'application/octet-stream' });
      expect(await readAll(await store.get('one/bytes.bin'))).toEqual(Buffer.from(body));
    });

    it('returns the bytes that were put from a stream', async () => {
      const store = await makeStore();
      const chunks = ['first line\n', 'second line\n', 'ünïcödé\n'].map((text) => Buffer.from(text));
      await store.put('stream.txt', Readable.from(chunks));
      expect((await readAll(await store.get('stream.txt'))).toString()).toBe(
        'first line\nsecond line\nünïcödé\n',
      );
    });

    it('stores an empty object', async () => {
      const store = await makeStore();
      await store.put('empty', new Uint8Array(0));
      expect((await readAll(await store.get('empty'))).length).toBe(0);
      expect(await listAll(store, '')).toEqual([{ key: 'empty', size: 0 }]);
    });

    it('replaces an existing object', async () => {
      const store = await makeStore();
      await store.put('k.txt', Buffer.from('old and longer'));
      await store.put('k.txt', Readable.from([Buffer.from('new')]));
      expect((await readAll(await store.get('k.txt'))).toString()).toBe('new');
      expect(await listAll(store, '')).toEqual([{ key: 'k.txt', size: 3 }]);
    });

    it('keeps exactly one whole version when the same key is put concurrently', async () => {
      const store = await makeStore();
      // Small bodies: s3rver (unlike S3) writes an object in place, so large racing bodies could interleave there.
      const versions = ['a', 'b', 'c', 'd'].map((letter) => Buffer.alloc(4_000, letter));
      await Promise.all(versions.map((body) => store.put('race.bin', body)));
      const stored = await readAll(await store.get('race.bin'));
      expect(versions.some((version) => version.equals(stored))).toBe(true);
    });

    it('keeps the previous object when a streamed put fails midway', async () => {
      const store = await makeStore();
      await store.put('safe.txt', Buffer.from('previous'));
      const failing = Readable.from(
        (async function* () {
          yield Buffer.from('partial bytes');
          throw new Error('source broke');
        })(),
      );
      await expect(store.put('safe.txt', failing)).rejects.toBeInstanceOf(StoreError);
      expect((await readAll(await store.get('safe.txt'))).toString()).toBe('previous');
      expect((await listAll(store, '')).map((o) => o.key)).toEqual(['safe.txt']);
    });

    describe('listing', () => {
      // Put out of order; every key a folder store and S3 agree on (see the folder-store tests for '.' vs '/').
      const keys = ['z.txt', 'a/bc/d.txt', 'a/b/d/e.txt', 'm/n.txt', 'a/b0.txt', 'a/a.txt', 'a/b/c.txt'];

      async function seeded(options?: StoreOptions): Promise<ObjectStore> {
        const store = await makeStore(options);
        for (const key of keys) await store.put(key, Buffer.from(key));
        return store;
      }

      it('lists every object recursively in ascending key order with sizes', async () => {
        const store = await seeded();
        expect(await listAll(store, '')).toEqual(
          [...keys].sort().map((key) => ({ key, size: Buffer.byteLength(key) })),
        );
      });

      it('lists only keys starting with the prefix, including partial names', async () => {
        const store = await seeded();
        expect(await listKeys(store, 'a/')).toEqual([
          'a/a.txt',
          'a/b/c.txt',
          'a/b/d/e.txt',
          'a/b0.txt',
          'a/bc/d.txt',
        ]);
        expect(await listKeys(store, 'a/b')).toEqual(['a/b/c.txt', 'a/b/d/e.txt', 'a/b0.txt', 'a/bc/d.txt']);
        expect(await listKeys(store, 'a/b/')).toEqual(['a/b/c.txt', 'a/b/d/e.txt']);
        expect(await listKeys(store, 'missing/')).toEqual([]);
      });

      it('returns last-modified times', async () => {
        const store = await seeded();
        for (const info of await collect(store.list(''))) expect(info.lastModified).toBeInstanceOf(Date);
      });

      it('lists one folder level: child folders and objects', async () => {
        const store = await seeded();
        const root = await store.listFolder('');
        expect(root.folders).toEqual(['a/', 'm/']);
        expect(root.objects.map(({ key, size }) => ({ key, size }))).toEqual([{ key: 'z.txt', size: 5 }]);
        const a = await store.listFolder('a/');
        expect(a.folders).toEqual(['a/b/', 'a/bc/']);
        expect(a.objects.map((o) => o.key)).toEqual(['a/a.txt', 'a/b0.txt']);
        expect(await store.listFolder('missing/')).toEqual({ folders: [], objects: [] });
      });

      it('follows pages in list and listFolder', async () => {
        const store = await makeStore({ pageSize: 2 });
        // Objects and folders interleave, so folders turn up on several pages.
        const objects = ['a1', 'c1', 'e1', 'g1', 'i1'];
        const nested = ['b/x', 'd/x', 'd/y/z', 'f/x', 'h/x'];
        for (const key of [...nested, ...objects]) await store.put(key, Buffer.from(key));
        const before = store.stats.listRequests;
        expect(await listKeys(store, '')).toEqual([...objects, ...nested].sort());
        expect(store.stats.listRequests - before).toBe(traits.listRequestsFor(10, 2));
        const listing = await store.listFolder('');
        expect(listing.folders).toEqual(['b/', 'd/', 'f/', 'h/']);
        expect(listing.objects.map((o) => o.key)).toEqual(objects);
      });
    });

    describe('get', () => {
      it('throws ObjectNotFoundError naming the key and the store', async () => {
        const store = await makeStore();
        const error = await store.get('no/such.key').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ObjectNotFoundError);
        expect(error).toMatchObject({ key: 'no/such.key' });
        expect((error as Error).message).toContain('no/such.key');
        expect((error as Error).message).toContain(store.uri);
      });

      it('finds no object under the name of a folder', async () => {
        const store = await makeStore();
        await store.put('folder/inside.txt', Buffer.from('x'));
        await expect(store.get('folder')).rejects.toBeInstanceOf(ObjectNotFoundError);
      });

      it('returns a whole object with getBytes, counted as one get', async () => {
        const store = await makeStore();
        const body = Buffer.from('whole object ✓');
        await store.put('a/whole.bin', body);
        const before = store.stats.getRequests;
        expect(Buffer.from(await store.getBytes('a/whole.bin')).equals(body)).toBe(true);
        expect(store.stats.getRequests).toBe(before + 1);
        await expect(store.getBytes('a/none.bin')).rejects.toBeInstanceOf(ObjectNotFoundError);
        await expect(store.getBytes('a')).rejects.toBeInstanceOf(ObjectNotFoundError);
      });
    });

    describe('delete', () => {
      it('deletes existing keys and ignores missing ones', async () => {
        const store = await makeStore();
        for (const key of ['keep.txt', 'gone.txt', 'deep/er/gone.txt'])
          await store.put(key, Buffer.from(key));
        await store.delete(['gone.txt', 'never-was.txt', 'deep/er/gone.txt', 'no/such/folder.txt']);
        expect(await listKeys(store, '')).toEqual(['keep.txt']);
        await expect(store.get('gone.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
        // A folder whose last object went is gone too.
        expect(await store.listFolder('')).toMatchObject({ folders: [] });
      });

      it('makes no request for an empty key list', async () => {
        const store = await makeStore();
        await store.delete([]);
        expect(store.stats.deleteRequests).toBe(0);
      });
    });

    describe('multipart', () => {
      it('writes a 12 MiB stream in parts and reads it back byte-identical', async () => {
        const partSize = 5 * MiB;
        const store = await makeStore({ partSize });
        const body = randomBytes(12 * MiB + 12_345);
        await store.put('big/blob.bin', chunked(body, 64 * 1024));
        expect(store.stats.putRequests).toBe(traits.putRequestsFor(body.length, partSize));
        expect(store.stats.bytesWritten).toBe(body.length);
        expect(await listAll(store, 'big/')).toEqual([{ key: 'big/blob.bin', size: body.length }]);
        expect(sha256(await readAll(await store.get('big/blob.bin')))).toBe(sha256(body));
      });

      it('writes a buffer larger than one part', async () => {
        const partSize = 5 * MiB;
        const store = await makeStore({ partSize });
        const body = randomBytes(6 * MiB);
        await store.put('six.bin', body);
        expect(store.stats.putRequests).toBe(traits.putRequestsFor(body.length, partSize));
        expect(sha256(await readAll(await store.get('six.bin')))).toBe(sha256(body));
      });
    });

    describe('stats', () => {
      it('counts requests by kind and bytes moved', async () => {
        const store = await makeStore();
        expect(store.stats).toEqual(emptyStoreStats());
        await store.put('s/one.txt', Buffer.from('abc'));
        await store.put('s/two.txt', Readable.from([Buffer.from('de'), Buffer.from('fgh')]));
        expect(store.stats).toMatchObject({ putRequests: 2, bytesWritten: 8 });

        await listAll(store, 's/');
        await store.listFolder('');
        expect(store.stats.listRequests).toBe(2);

        expect((await readAll(await store.get('s/two.txt'))).toString()).toBe('defgh');
        await expect(store.get('s/none.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
        expect(store.stats).toMatchObject({ getRequests: 2, bytesRead: 5 });

        await store.delete(['s/one.txt', 's/two.txt']);
        expect(store.stats).toEqual({
          listRequests: 2,
          getRequests: 2,
          putRequests: 2,
          deleteRequests: 1,
          bytesRead: 5,
          bytesWritten: 8,
        });
      });
    });
  });
}

/** Reads a stream to its end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** Every value of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** `list(prefix)` as key + size pairs (etag and time vary by adapter). */
export async function listAll(
  store: ObjectStore,
  prefix: string,
): Promise<Pick<ObjectInfo, 'key' | 'size'>[]> {
  return (await collect(store.list(prefix))).map(({ key, size }) => ({ key, size }));
}

/** `list(prefix)` as keys. */
export async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  return (await collect(store.list(prefix))).map((info) => info.key);
}

/** A stream of `body` in `size`-byte chunks, as a file or network source would deliver it. */
export function chunked(body: Buffer, size: number): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < body.length; offset += size) yield body.subarray(offset, offset + size);
    })(),
  );
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
