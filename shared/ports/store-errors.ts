/** Errors of the object-store port: every adapter throws these, so callers never depend on an adapter. */
/** Base class of every object-store error; `cause` carries the underlying SDK or file-system error. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** `get` found no object under `key`. The message names the key and the store, so logs are self-explanatory. */
export class ObjectNotFoundError extends StoreError {
  override name = 'ObjectNotFoundError';
  constructor(
    readonly key: string,
    readonly storeUri: string,
    options?: { cause?: unknown },
  ) {
    super(`object not found: ${key} in ${storeUri}`, options);
  }
}

/** A key or prefix the store cannot represent (empty, absolute, `.`/`..` or empty segments). */
export class InvalidKeyError extends StoreError {
  override name = 'InvalidKeyError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${problem}`);
  }
}

/** A store location (`s3://bucket/prefix` or a path) that cannot be opened. */
export class InvalidLocationError extends StoreError {
  override name = 'InvalidLocationError';
  constructor(
    readonly location: string,
    readonly problem: string,
  ) {
    super(`invalid store location ${JSON.stringify(location)}: ${problem}`);
  }
}
