import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

/** File-system helpers of the folder store. */

/** Names of in-progress writes start with this; listings skip them, so readers never see partial objects. */
export const TEMP_PREFIX = '.~partial-';

/** Opens a new temp file; retries when a concurrent delete removed the just-created parent folder. */
export async function createExclusive(path: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt += 1) {
    await mkdir(dirname(path), { recursive: true });
    try {
      return await open(path, 'wx');
    } catch (error) {
      if (!isErrno(error, 'ENOENT') || attempt >= 5) throw error;
    }
  }
}

/** Writes a buffer or drains a stream into `handle`, awaiting each write so memory stays bounded. */
export async function writeAll(handle: FileHandle, body: Uint8Array | Readable): Promise<number> {
  if (body instanceof Uint8Array) {
    await handle.writeFile(body);
    return body.byteLength;
  }
  let written = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // write() may take fewer bytes than offered; loop until the chunk is on disk.
    for (let offset = 0; offset < bytes.byteLength; ) {
      offset += (await handle.write(bytes, offset, bytes.byteLength - offset)).bytesWritten;
    }
    written += bytes.byteLength;
  }
  return written;
}

export function basename(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export function isMissing(error: unknown): boolean {
  // ENOTDIR: a path component is a file, so nothing can exist below it.
  return isErrno(error, 'ENOENT', 'ENOTDIR');
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  return (
    error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code)
  );
}
