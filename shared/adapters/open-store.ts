import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../ports/object-store';
import { InvalidKeyError, InvalidLocationError } from '../ports/store-errors';
import { assertValidKey } from './keys';
import { LazyStore } from './lazy-store';
import { FolderStore } from './local/folder-store';

/** Where a store lives: an S3 bucket and prefix (without surrounding slashes), or a folder path as given. */
export type StoreLocation = { kind: 's3'; bucket: string; prefix: string } | { kind: 'local'; path: string };

/** S3's bucket naming rules, loosely: 3–63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads `s3://bucket[/prefix][/]`, `file:///path` or a plain path (relative paths stay relative).
 * Throws `InvalidLocationError` for an empty location or an s3 location without a valid bucket.
 */
export function parseLocation(location: string): StoreLocation {
  if (location.trim() === '') throw new InvalidLocationError(location, 'it is empty');
  // Case-insensitive, so a mistyped `S3://…` fails loudly instead of becoming a local folder named `S3:`.
  if (/^s3:\/\//i.test(location)) {
    const rest = location.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    if (bucket === '') throw new InvalidLocationError(location, 'no bucket name after "s3://"');
    if (!BUCKET_NAME.test(bucket)) {
      throw new InvalidLocationError(location, `"${bucket}" is not a valid S3 bucket name`);
    }
    const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    if (prefix !== '') {
      try {
        assertValidKey(prefix);
      } catch (error) {
        const problem = error instanceof InvalidKeyError ? error.problem : String(error);
        throw new InvalidLocationError(location, `the prefix ${problem}`);
      }
    }
    return { kind: 's3', bucket, prefix };
  }
  if (/^file:\/\//i.test(location)) {
    try {
      return { kind: 'local', path: fileURLToPath(location) };
    } catch (error) {
      throw new InvalidLocationError(location, error instanceof Error ? error.message : String(error));
    }
  }
  return { kind: 'local', path: location };
}

/** Opens the store a location names: an `S3Store` for `s3://…` (with `options.s3Client` or a default client), else a `FolderStore`. */
export function openStore(location: string, options?: { s3Client?: S3Client }): ObjectStore {
  const parsed = parseLocation(location);
  if (parsed.kind === 'local') return new FolderStore(parsed.path);
  const { bucket, prefix } = parsed;
  // The AWS SDK is loaded at the store's first request, not by every command that can open one.
  return new LazyStore(prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`, async () => {
    const { S3Store } = await import('./aws/s3-store');
    const client = options?.s3Client ?? new (await import('@aws-sdk/client-s3')).S3Client({});
    return new S3Store({ client, bucket, prefix });
  });
}
