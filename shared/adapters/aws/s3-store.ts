import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  emptyStoreStats,
  type FolderListing,
  type ObjectInfo,
  type ObjectStore,
  type ObjectStoreStats,
} from '../../ports/object-store';
import { ObjectNotFoundError, StoreError } from '../../ports/store-errors';
import { countBytes } from '../count-bytes';
import { assertValidKey, compareKeys, splitPrefix } from '../keys';
import { isNotFound, isPreconditionFailure } from './s3-errors';
import { withStats } from './s3-request-stats';

const MiB = 1024 * 1024;
/** S3's own ceilings: 1000 keys per LIST page and per DeleteObjects call. */
const MAX_KEYS = 1000;
/** S3 rejects multipart parts below 5 MiB (except the last). */
const MIN_PART_SIZE = 5 * MiB;
const DEFAULT_PART_SIZE = 8 * MiB;
/** Parts in flight per upload: memory stays near (queueSize + 1) × partSize whatever the object's size. */
const UPLOAD_QUEUE_SIZE = 2;

/** How to reach the bucket. Keys given to and returned by the store are relative to `prefix`. */
export interface S3StoreOptions {
  client: S3Client;
  bucket: string;
  /** Folder-like key prefix inside the bucket, with or without slashes around it; '' for the whole bucket. */
  prefix?: string;
  /** MaxKeys per ListObjectsV2 page (1–1000, default 1000). */
  pageSize?: number;
  /** Bytes per multipart part, and the largest buffer sent in one PutObject (≥ 5 MiB, default 8 MiB). */
  partSize?: number;
}

/**
 * Object store over an S3 bucket prefix. Reads stream, large or streamed writes go multipart,
 * and `stats` counts every request as it is sent (a multipart upload counts create, each part, complete).
 */
export class S3Store implements ObjectStore {
  readonly uri: string;
  readonly stats: ObjectStoreStats = emptyStoreStats();
  private readonly client: S3Client;
  private readonly bucket: string;
  /** '' or the prefix with one trailing `/`, prepended to every key sent. */
  private readonly keyPrefix: string;
  private readonly pageSize: number;
  private readonly partSize: number;

  constructor(options: S3StoreOptions) {
    const { bucket, pageSize = MAX_KEYS, partSize = DEFAULT_PART_SIZE } = options;
    if (bucket === '' || bucket.includes('/')) {
      throw new StoreError(`S3Store: invalid bucket name ${JSON.stringify(bucket)}`);
    }
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_KEYS) {
      throw new StoreError(`S3Store: pageSize must be an integer from 1 to ${MAX_KEYS}, got ${pageSize}`);
    }
    if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
      throw new StoreError(
        `S3Store: partSize must be an integer of at least ${MIN_PART_SIZE} (5 MiB), got ${partSize}`,
      );
    }
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (prefix !== '') assertValidKey(prefix);
    this.bucket = bucket;
    this.keyPrefix = prefix === '' ? '' : `${prefix}/`;
    this.uri = prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`;
    this.pageSize = pageSize;
    this.partSize = partSize;
    this.client = withStats(options.client, this.stats);
  }

  /** Every object under `prefix` in S3's (byte) order, one ListObjectsV2 page at a time. */
  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    splitPrefix(prefix);
    for await (const page of this.pages(prefix, undefined)) {
      for (const object of page.Contents ?? []) {
        const info = this.toInfo(object);
        if (info) yield info;
      }
    }
  }

  /** One level below `prefix`: CommonPrefixes become folders, gathered over all pages. */
  async listFolder(prefix: string): Promise<FolderListing> {
    splitPrefix(prefix);
    // A Set because some servers (s3rver) repeat a common prefix on the next page.
    const folders = new Set<string>();
    const objects: ObjectInfo[] = [];
    for await (const page of this.pages(prefix, '/')) {
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix !== undefined) folders.add(common.Prefix.slice(this.keyPrefix.length));
      }
      for (const object of page.Contents ?? []) {
        const info = this.toInfo(object);
        if (info) objects.push(info);
      }
    }
    return {
      folders: [...folders].sort(compareKeys),
      objects: objects.sort((a, b) => compareKeys(a.key, b.key)),
    };
  }

  /** The object's body as the SDK streams it (never buffered); bytes are counted as they are read. */
  /** The whole body; S3 bills it as one GET like `get`. */
  async getBytes(key: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    let body: unknown;
    try {
      ({ Body: body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }),
      ));
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key, this.uri, { cause: error });
      throw this.failure('get', key, error);
    }
    if (!(body instanceof Readable)) {
      throw new StoreError(`s3 get ${key} in ${this.uri}: the response body is not a Node.js stream`);
    }
    return countBytes(body, (bytes) => {
      this.stats.bytesRead += bytes;
    });
  }

  /**
   * Buffers up to `partSize` go in one PutObject; anything larger, and every stream (length unknown),
   * goes through a multipart Upload, which S3 only makes visible once complete.
   */
  async put(key: string, body: Uint8Array | Readable, options?: { contentType?: string }): Promise<void> {
    assertValidKey(key);
    const params = { Bucket: this.bucket, Key: this.keyPrefix + key, ContentType: options?.contentType };
    try {
      if (body instanceof Uint8Array && body.byteLength <= this.partSize) {
        await this.client.send(
          new PutObjectCommand({ ...params, Body: body, ContentLength: body.byteLength }),
        );
      } else {
        const upload = new Upload({
          client: this.client,
          params: { ...params, Body: body },
          partSize: this.partSize,
          queueSize: UPLOAD_QUEUE_SIZE,
        });
        await upload.done();
      }
    } catch (error) {
      throw this.failure('put', key, error);
    }
  }

  /** HeadObject: the size and ETag without the body; undefined when there is no object. */
  async head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }),
      );
      const info: ObjectInfo = { key, size: out.ContentLength ?? 0 };
      if (out.ETag !== undefined) info.etag = out.ETag;
      if (out.LastModified !== undefined) info.lastModified = out.LastModified;
      return info;
    } catch (error) {
      if (isNotFound(error) || (error as Error).name === 'NotFound') return undefined;
      throw this.failure('head', key, error);
    }
  }

  /**
   * PutObject with `If-None-Match: *` or `If-Match: <etag>`. 412 PreconditionFailed means the
   * condition did not hold; 409 ConditionalRequestConflict (a concurrent conditional write won
   * the race) means the same to the caller, who re-reads and decides again.
   */
  async putIf(
    key: string,
    body: Uint8Array,
    condition: { ifAbsent: true } | { ifMatch: string },
  ): Promise<string | undefined> {
    assertValidKey(key);
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyPrefix + key,
          Body: body,
          ContentLength: body.byteLength,
          ...('ifAbsent' in condition ? { IfNoneMatch: '*' } : { IfMatch: condition.ifMatch }),
        }),
      );
      return out.ETag ?? '';
    } catch (error) {
      if (isPreconditionFailure(error)) return undefined;
      throw this.failure('conditional put', key, error);
    }
  }

  /** DeleteObjects, 1000 keys a call, quietly: only failures come back, and they are all reported together. */
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertValidKey(key);
    const failures: string[] = [];
    for (let start = 0; start < keys.length; start += MAX_KEYS) {
      const batch = keys.slice(start, start + MAX_KEYS);
      let errors: { Key?: string; Code?: string; Message?: string }[];
      try {
        ({ Errors: errors = [] } = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((key) => ({ Key: this.keyPrefix + key })), Quiet: true },
          }),
        ));
      } catch (error) {
        throw this.failure('delete', batch.length === 1 ? (batch[0] ?? '') : `${batch.length} keys`, error);
      }
      for (const { Key, Code, Message } of errors) {
        const key = Key?.startsWith(this.keyPrefix) ? Key.slice(this.keyPrefix.length) : (Key ?? '(no key)');
        failures.push(`${key} (${Code ?? 'error'}: ${Message ?? 'no message'})`);
      }
    }
    if (failures.length > 0) {
      const shown = failures.slice(0, 10).join(', ');
      const more = failures.length > 10 ? ` and ${failures.length - 10} more` : '';
      throw new StoreError(`s3 delete in ${this.uri} failed for ${failures.length} key(s): ${shown}${more}`);
    }
  }

  private async *pages(
    prefix: string,
    delimiter: string | undefined,
  ): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.keyPrefix + prefix || undefined,
            Delimiter: delimiter,
            MaxKeys: this.pageSize,
            ContinuationToken: token,
          }),
        );
      } catch (error) {
        throw this.failure('list', prefix === '' ? '(all keys)' : `${prefix}*`, error);
      }
      yield page;
      if (page.IsTruncated && !page.NextContinuationToken) {
        throw new StoreError(
          `s3 list ${prefix}* in ${this.uri}: truncated page without a continuation token`,
        );
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  private toInfo(object: {
    Key?: string;
    Size?: number;
    ETag?: string;
    LastModified?: Date;
  }): ObjectInfo | undefined {
    // Keys ending in '/' are console-made "folder markers", not objects the port can name.
    if (object.Key === undefined || object.Key.endsWith('/')) return undefined;
    const info: ObjectInfo = { key: object.Key.slice(this.keyPrefix.length), size: object.Size ?? 0 };
    if (object.ETag !== undefined) info.etag = object.ETag;
    if (object.LastModified !== undefined) info.lastModified = object.LastModified;
    return info;
  }

  private failure(operation: string, key: string, error: unknown): StoreError {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new StoreError(`s3 ${operation} ${key} in ${this.uri} failed: ${reason}`, { cause: error });
  }
}
