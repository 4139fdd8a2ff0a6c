import type { Readable } from 'node:stream';
import {
  emptyStoreStats,
  type FolderListing,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
  type ObjectStoreStats,
} from '../ports/object-store';

/**
 * A store built on first use. The S3 store needs the AWS SDK, whose loading costs a command about
 * half a second: a command that never touches S3 must not pay it, and one that does pays it once,
 * at its first request. Counts made before then (`stats`) carry over to the store built.
 */
export class LazyStore implements ObjectStore {
  private store: ObjectStore | undefined;
  private loading: Promise<ObjectStore> | undefined;
  private readonly early: ObjectStoreStats = emptyStoreStats();

  constructor(
    readonly uri: string,
    private readonly build: () => Promise<ObjectStore>,
  ) {}

  get stats(): ObjectStoreStats {
    return this.store?.stats ?? this.early;
  }

  private open(): Promise<ObjectStore> {
    this.loading ??= this.build().then((store) => {
      for (const [k, v] of Object.entries(this.early)) store.stats[k as keyof ObjectStoreStats] += v;
      this.store = store;
      return store;
    });
    return this.loading;
  }

  async *list(prefix: string, options?: ListOptions): AsyncIterable<ObjectInfo> {
    yield* (await this.open()).list(prefix, options);
  }

  async listFolder(prefix: string): Promise<FolderListing> {
    return (await this.open()).listFolder(prefix);
  }

  async get(key: string): Promise<Readable> {
    return (await this.open()).get(key);
  }

  async getBytes(key: string): Promise<Uint8Array> {
    return (await this.open()).getBytes(key);
  }

  async put(key: string, body: Uint8Array | Readable, options?: { contentType?: string }): Promise<void> {
    return (await this.open()).put(key, body, options);
  }

  async delete(keys: readonly string[]): Promise<void> {
    return (await this.open()).delete(keys);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    return (await this.open()).head(key);
  }

  async putIf(
    key: string,
    body: Uint8Array,
    condition: { ifAbsent: true } | { ifMatch: string },
  ): Promise<string | undefined> {
    return (await this.open()).putIf(key, body, condition);
  }
}
