import { InvalidKeyError } from '../ports/store-errors';

/**
 * Compares keys the way S3 orders them: by their UTF-8 bytes. JavaScript's `<` compares UTF-16
 * code units, which disagrees with S3 for characters outside the Basic Multilingual Plane.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Rejects keys that only one kind of store could hold, so code that works against a folder works
 * against S3 and back: no empty key, no leading or trailing `/`, no empty, `.` or `..` segment, no NUL.
 */
export function assertValidKey(key: string): void {
  if (key === '') throw new InvalidKeyError(key, 'must not be empty');
  if (key.startsWith('/')) throw new InvalidKeyError(key, 'must not start with "/"');
  if (key.endsWith('/'))
    throw new InvalidKeyError(key, 'must not end with "/" (folders are implied by keys)');
  if (key.includes('\0')) throw new InvalidKeyError(key, 'must not contain NUL');
  checkSegments(key, key.split('/'));
}

/**
 * Splits a listing prefix into the folder it lies in (`''` or ending in `/`) and the start of the names
 * within that folder, e.g. `a/b/pa` → `a/b/` + `pa`. Rejects prefixes that would escape the root.
 */
export function splitPrefix(prefix: string): { folder: string; namePrefix: string } {
  if (prefix.startsWith('/')) throw new InvalidKeyError(prefix, 'a prefix must not start with "/"');
  const cut = prefix.lastIndexOf('/') + 1;
  const folder = prefix.slice(0, cut);
  if (folder !== '') checkSegments(prefix, folder.slice(0, -1).split('/'));
  if (prefix.includes('\0')) throw new InvalidKeyError(prefix, 'must not contain NUL');
  return { folder, namePrefix: prefix.slice(cut) };
}

function checkSegments(key: string, segments: readonly string[]): void {
  for (const segment of segments) {
    if (segment === '') throw new InvalidKeyError(key, 'must not contain an empty segment ("//")');
    if (segment === '.' || segment === '..')
      throw new InvalidKeyError(key, `must not contain a "${segment}" segment`);
  }
}
