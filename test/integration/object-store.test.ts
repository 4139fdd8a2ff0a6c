import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { InvalidKeyError } from '../../shared/ports/store-errors';
import {
  chunked,
  describeObjectStoreContract,
  listKeys,
  readAll,
  type StoreOptions,
  type StoreTraits,
} from '../support/object-store-contract';
import { type S3TestServer, startS3Server } from '../support/s3-server';

const folderTraits: StoreTraits = {
  putRequestsFor: () => 1,
  listRequestsFor: (keys) => Math.max(1, Math.ceil(keys / 1000)),
};

const s3Traits: StoreTraits = {
  // One PutObject up to a part; beyond that CreateMultipartUpload + each part + Complete.
  putRequestsFor: (bytes, partSize) => (bytes <= partSize ? 1 : Math.ceil(bytes / partSize) + 2),
  listRequestsFor: (keys, pageSize) => Math.max(1, Math.ceil(keys / pageSize)),
};

let scratch: string;
let server: S3TestServer;
let client: S3Client;
let created = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'object-store-'));
  server = await startS3Server(['shared']);
  client = server.client();
});

afterAll(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A new folder for each store, with a sibling file outside it that must never show up. */
async function newFolderStore(): Promise<FolderStore> {
  created += 1;
  const root = join(scratch, `store-${created}`);
  await writeFile(`${root}-sibling.txt`, 'outside the store');
  return new FolderStore(root);
}

/** A new bucket for each store. */
async function newBucketStore(options?: StoreOptions): Promise<S3Store> {
  created += 1;
  const bucket = `contract-${created}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return new S3Store({ client, bucket, ...options });
}

/** Keys next to a prefixed store's prefix that a sloppy prefix match would pick up. */
const neighbours = (tenant: string) => [
  `${tenant}/data.txt`,
  `${tenant}/data-sibling.txt`,
  `${tenant}/database/x.txt`,
];

/** A new prefix in one shared bucket, with neighbours already in place. */
async function newPrefixedStore(options?: StoreOptions): Promise<S3Store> {
  created += 1;
  const tenant = `tenant-${created}`;
  for (const key of neighbours(tenant)) {
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: key, Body: 'neighbour' }));
  }
  return new S3Store({ client, bucket: 'shared', prefix: `${tenant}/data/`, ...options });
}

describeObjectStoreContract('FolderStore', newFolderStore, folderTraits);
describeObjectStoreContract('S3Store (bucket root)', newBucketStore, s3Traits);
describeObjectStoreContract('S3Store (prefix in a shared bucket)', newPrefixedStore, s3Traits);

describe('S3Store', () => {
  it('reads and writes only below its prefix', async () => {
    const store = await newPrefixedStore();
    const tenant = store.uri.split('/')[3] ?? '';
    expect(store.uri).toBe(`s3://shared/${tenant}/data`);
    await store.put('x/y.txt', Buffer.from('mine'));
    await store.delete(['data.txt', 'x/never.txt']);

    const raw = await client.send(new ListObjectsV2Command({ Bucket: 'shared', Prefix: `${tenant}/` }));
    expect((raw.Contents ?? []).map((o) => o.Key).sort()).toEqual(
      [...neighbours(tenant), `${tenant}/data/x/y.txt`].sort(),
    );
    expect(await listKeys(store, '')).toEqual(['x/y.txt']);
  });

  it('follows pages across a listFolder whose objects span several pages', async () => {
    const store = await newBucketStore({ pageSize: 2 });
    for (const key of ['p/1', 'p/2', 'p/3', 'p/4', 'p/5', 'p/q/6']) await store.put(key, Buffer.from(key));
    const before = store.stats.listRequests;
    const listing = await store.listFolder('p/');
    expect(listing.objects.map((o) => o.key)).toEqual(['p/1', 'p/2', 'p/3', 'p/4', 'p/5']);
    expect(listing.folders).toEqual(['p/q/']);
    expect(store.stats.listRequests - before).toBeGreaterThanOrEqual(3);
  });

  it('stores the bytes of a streamed put verbatim (no aws-chunked framing)', async () => {
    const store = await newBucketStore();
    await store.put('framed.txt', Readable.from([Buffer.from('plain '), Buffer.from('text')]));
    expect((await readAll(await store.get('framed.txt'))).toString()).toBe('plain text');
  });
});

describe('FolderStore', () => {
  it('orders keys by bytes, like S3: "a.txt" and "a-b" before "a/…"', async () => {
    const store = await newFolderStore();
    for (const key of ['a/x', 'a0', 'a.txt', 'a-b', 'b']) await store.put(key, Buffer.from(key));
    expect(await listKeys(store, '')).toEqual(['a-b', 'a.txt', 'a/x', 'a0', 'b']);
  });

  it('resolves a relative root to an absolute uri', () => {
    expect(new FolderStore('some/rel/dir').uri).toBe(join(process.cwd(), 'some/rel/dir'));
  });

  it('keeps one whole version when large streamed puts race', async () => {
    const store = await newFolderStore();
    const versions = ['a', 'b', 'c', 'd'].map((letter) => Buffer.alloc(2 * 1024 * 1024, letter));
    await Promise.all(versions.map((body) => store.put('race.bin', chunked(body, 64 * 1024))));
    const stored = await readAll(await store.get('race.bin'));
    expect(versions.some((version) => version.equals(stored))).toBe(true);
    expect(await readdir(store.uri)).toEqual(['race.bin']);
  });

  it('never lists a write in progress', async () => {
    const store = await newFolderStore();
    await store.put('p/done.txt', Buffer.from('done'));
    // What an interrupted put leaves behind.
    await writeFile(join(store.uri, 'p', '.~partial-0123456789abcdef'), 'half');
    expect(await listKeys(store, '')).toEqual(['p/done.txt']);
    expect((await store.listFolder('p/')).objects.map((o) => o.key)).toEqual(['p/done.txt']);
  });

  it('leaves no temp file behind after puts', async () => {
    const store = await newFolderStore();
    await store.put('t/a.bin', Buffer.from('a'));
    await store.put('t/a.bin', Buffer.from('b'));
    expect(await readdir(join(store.uri, 't'))).toEqual(['a.bin']);
  });

  it('removes emptied folders up to, but not including, the root', async () => {
    const store = await newFolderStore();
    await store.put('x/y/z.txt', Buffer.from('z'));
    await store.put('x/keep.txt', Buffer.from('k'));
    await store.delete(['x/y/z.txt']);
    expect(await readdir(store.uri)).toEqual(['x']);
    expect(await readdir(join(store.uri, 'x'))).toEqual(['keep.txt']);
    await store.delete(['x/keep.txt']);
    expect(await readdir(store.uri)).toEqual([]);
  });

  it('does not list a folder that holds no object', async () => {
    const store = await newFolderStore();
    await store.put('full/a.txt', Buffer.from('a'));
    await writeFile(join(store.uri, 'full', '.~partial-feedfacefeedface'), 'in progress');
    await mkdir(join(store.uri, 'hollow', 'deeper'), { recursive: true });
    expect((await store.listFolder('')).folders).toEqual(['full/']);
  });

  describe('rejects keys a folder cannot hold safely', () => {
    it.each(['', '/abs', 'a//b', '../escape', 'a/./b', 'a/../../b', 'trailing/'])('%j', async (key) => {
      const store = await newFolderStore();
      await expect(store.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    });

    it('rejects a prefix that climbs out of the root', async () => {
      const store = await newFolderStore();
      await expect(store.listFolder('../')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(listKeys(store, 'a/../../')).rejects.toBeInstanceOf(InvalidKeyError);
    });
  });
});
