import type { Readable } from 'node:stream';

/** One stored object, as listed. `key` is relative to the store's root. */
export interface ObjectInfo {
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
}

/** How `list` treats a folder it cannot read. */
export interface ListOptions {
  onUnreadable?: (folder: string, error: UnreadableFolderError) => void;
}

/** A folder below a listing's prefix that could not be read; `code` is the OS error code (EACCES, ELOOP, …). */
export interface UnreadableFolderError {
  folder: string;
  code: string;
  message: string;
}

/** The immediate children of a folder-like prefix. */
export interface FolderListing {
  /** Child prefixes, each relative to the store root and ending in `/`. */
  folders: string[];
  objects: ObjectInfo[];
}

/** What a store has done so far: requests by kind (what S3 bills) and bytes moved. */
export interface ObjectStoreStats {
  listRequests: number;
  getRequests: number;
  putRequests: number;
  deleteRequests: number;
  bytesRead: number;
  bytesWritten: number;
}

/** Zero counts, for a new store. */
export function emptyStoreStats(): ObjectStoreStats {
  return {
    listRequests: 0,
    getRequests: 0,
    putRequests: 0,
    deleteRequests: 0,
    bytesRead: 0,
    bytesWritten: 0,
  };
}

/**
 * Object store port: an S3 bucket prefix in AWS, a folder on disk locally.
 * Keys are `/`-separated and relative to the store's root (`s3://bucket/prefix/` or `/dir/`).
 */
export interface ObjectStore {
  /** Where this store points, for messages: `s3://bucket/prefix` or an absolute path. */
  readonly uri: string;
  /** Running counts of requests and bytes (S3: one LIST/GET/PUT/DELETE request each; a multipart upload counts its parts). */
  readonly stats: ObjectStoreStats;
  /**
   * Every object whose key starts with `prefix`, recursively, in ascending key order. A folder below
   * the prefix that cannot be read (a local folder without permission, a symlink loop) is passed to
   * `onUnreadable` and skipped, when given; otherwise the listing throws.
   */
  list(prefix: string, options?: ListOptions): AsyncIterable<ObjectInfo>;
  /** One level below `prefix` (which is '' or ends in '/'): child folders and objects. */
  listFolder(prefix: string): Promise<FolderListing>;
  /** A stream of the object's bytes. Throws `ObjectNotFoundError` when there is none. */
  get(key: string): Promise<Readable>;
  /** The whole object in memory, for small objects (manifests, staged extracts, small log files). Throws `ObjectNotFoundError`. */
  getBytes(key: string): Promise<Uint8Array>;
  /** Writes the whole object or nothing: readers never see a partial object. */
  put(key: string, body: Uint8Array | Readable, options?: { contentType?: string }): Promise<void>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /** The object's listing entry (size, ETag), or undefined when there is none. One HEAD request. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /**
   * Conditional writes, the basis of leases: `ifAbsent` writes only when no object has the key
   * (S3 `If-None-Match: *`), `ifMatch` only when the object's ETag is still the one given (S3
   * `If-Match`). Returns the new object's ETag, or undefined when the condition did not hold
   * (nothing was written). Small bodies only (one request).
   */
  putIf(
    key: string,
    body: Uint8Array,
    condition: { ifAbsent: true } | { ifMatch: string },
  ): Promise<string | undefined>;
}
