import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readFile, rename, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  emptyStoreStats,
  type FolderListing,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
  type ObjectStoreStats,
} from '../../ports/object-store';
import { InvalidKeyError, ObjectNotFoundError, StoreError } from '../../ports/store-errors';
import { countBytes } from '../count-bytes';
import { assertValidKey, splitPrefix } from '../keys';
import { putIfInFolder } from './folder-conditional';
import { FolderTree } from './folder-tree';
import { basename, createExclusive, isErrno, isFolder, isMissing, TEMP_PREFIX, writeAll } from './fs-helpers';

/** S3 returns at most this many keys per LIST request; local listings are counted the same way. */
const KEYS_PER_REQUEST = 1000;
/** Unlinks run this many at a time: fast on big deletes without exhausting file handles. */
const DELETE_CONCURRENCY = 32;

/**
 * Object store over a folder on disk: key `a/b.parquet` is the file `<root>/a/b.parquet`.
 * Behaves like S3 where it matters: listings in byte order of keys, whole-object writes
 * (temp file + rename, last writer wins), folders exist only while they hold objects.
 * Content types are not stored.
 */
export class FolderStore implements ObjectStore {
  readonly uri: string;
  readonly stats: ObjectStoreStats = emptyStoreStats();

  private readonly tree: FolderTree;

  /** `rootDir` may be relative; it is resolved against the current directory once, here. */
  constructor(rootDir: string) {
    this.uri = resolve(rootDir);
    this.tree = new FolderTree(this.uri);
  }

  /** Every object under `prefix`, recursively, in ascending key order. */
  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ObjectInfo> {
    const { folder, namePrefix } = splitPrefix(prefix);
    this.stats.listRequests += 1;
    let listed = 0;
    for await (const info of this.tree.walk(folder, namePrefix, options, new Set())) {
      if (listed > 0 && listed % KEYS_PER_REQUEST === 0) this.stats.listRequests += 1;
      listed += 1;
      yield info;
    }
  }

  /** Child folders (those holding at least one object) and objects one level below `prefix`. */
  async listFolder(prefix: string): Promise<FolderListing> {
    const { folder, namePrefix } = splitPrefix(prefix);
    this.stats.listRequests += 1;
    const listing: FolderListing = { folders: [], objects: [] };
    for (const entry of await this.tree.entries(folder)) {
      if (!entry.name.startsWith(namePrefix)) continue;
      const key = folder + entry.name;
      if (entry.isFolder) {
        if (await this.tree.holdsObject(`${key}/`)) listing.folders.push(`${key}/`);
      } else {
        const info = await this.tree.info(key);
        if (info) listing.objects.push(info);
      }
    }
    return listing;
  }

  /** The whole file in one read: no stream set-up, which dominates for the many small objects of a log bucket. */
  async getBytes(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    this.stats.getRequests += 1;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.tree.path(key));
    } catch (error) {
      if (isMissing(error) || (error as { code?: string }).code === 'EISDIR') {
        throw new ObjectNotFoundError(key, this.uri, { cause: error });
      }
      throw new StoreError(`get ${key} from ${this.uri} failed`, { cause: error });
    }
    this.stats.bytesRead += bytes.byteLength;
    return bytes;
  }

  /** The object's bytes as a stream; the file is opened first so a missing key throws here, not mid-stream. */
  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    this.stats.getRequests += 1;
    let handle: FileHandle;
    try {
      handle = await open(this.tree.path(key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key, this.uri, { cause: error });
      throw new StoreError(`get ${key} from ${this.uri} failed`, { cause: error });
    }
    try {
      // Opening a folder succeeds on Linux; S3 has no object under a folder's name either.
      if ((await handle.stat()).isDirectory()) throw new ObjectNotFoundError(key, this.uri);
    } catch (error) {
      await handle.close();
      throw error instanceof StoreError
        ? error
        : new StoreError(`get ${key} from ${this.uri} failed`, { cause: error });
    }
    return countBytes(handle.createReadStream(), (bytes) => {
      this.stats.bytesRead += bytes;
    });
  }

  /** Writes a hidden temp file next to the target, then renames it over the target (atomic on one file system). */
  async put(key: string, body: Uint8Array | Readable, _options?: { contentType?: string }): Promise<void> {
    assertValidKey(key);
    if (basename(key).startsWith(TEMP_PREFIX)) {
      throw new InvalidKeyError(
        key,
        `names starting with "${TEMP_PREFIX}" are reserved for writes in progress`,
      );
    }
    this.stats.putRequests += 1;
    const target = this.tree.path(key);
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    let handle: FileHandle | undefined;
    try {
      handle = await createExclusive(temp);
      const written = await writeAll(handle, body);
      // Flush before the rename: after a crash the key holds the old or the new bytes, never a hole.
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, target);
      this.stats.bytesWritten += written;
    } catch (error) {
      await handle?.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw new StoreError(`put ${key} to ${this.uri} failed`, { cause: error });
    }
  }

  /** The file's listing entry, or undefined when there is none. */
  async head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    this.stats.getRequests += 1;
    return this.tree.info(key);
  }

  /** See `putIfInFolder`. */
  async putIf(
    key: string,
    body: Uint8Array,
    condition: { ifAbsent: true } | { ifMatch: string },
  ): Promise<string | undefined> {
    assertValidKey(key);
    this.stats.putRequests += 1;
    try {
      const etag = await putIfInFolder(
        this.tree.path(key),
        body,
        condition,
        async () => (await this.tree.info(key))?.etag,
      );
      if (etag !== undefined) this.stats.bytesWritten += body.byteLength;
      return etag;
    } catch (error) {
      throw new StoreError(`conditional put ${key} to ${this.uri} failed`, { cause: error });
    }
  }

  /** Removes the files, ignoring missing ones, then every folder left empty, up to (not including) the root. */
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertValidKey(key);
    if (keys.length === 0) return;
    this.stats.deleteRequests += Math.ceil(keys.length / KEYS_PER_REQUEST);
    for (let start = 0; start < keys.length; start += DELETE_CONCURRENCY) {
      await Promise.all(keys.slice(start, start + DELETE_CONCURRENCY).map((key) => this.deleteOne(key)));
    }
    const folders = new Set<string>();
    for (const key of keys) {
      for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1)) {
        folders.add(key.slice(0, cut));
      }
    }
    // Deepest first, so a parent is tried after its children are gone.
    const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length);
    for (const folder of deepestFirst) {
      try {
        await rmdir(this.tree.path(folder));
      } catch (error) {
        // Not empty (another object, or a concurrent put's temp file) or already gone: leave it.
        if (!isErrno(error, 'ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR')) {
          throw new StoreError(`delete: removing empty folder ${folder}/ in ${this.uri} failed`, {
            cause: error,
          });
        }
      }
    }
  }

  private async deleteOne(key: string): Promise<void> {
    try {
      await unlink(this.tree.path(key));
    } catch (error) {
      if (isMissing(error)) return;
      // A folder under the key's name means no object has that key (unlink says EISDIR, or EPERM on macOS).
      if (isErrno(error, 'EISDIR', 'EPERM') && (await isFolder(this.tree.path(key)))) return;
      throw new StoreError(`delete ${key} from ${this.uri} failed`, { cause: error });
    }
  }
}
