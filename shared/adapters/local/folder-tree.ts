import type { Dirent } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ListOptions, ObjectInfo } from '../../ports/object-store';
import { StoreError } from '../../ports/store-errors';
import { compareKeys } from '../keys';
import { isFolder, isMissing, TEMP_PREFIX } from './fs-helpers';

/** A temp file this old belongs to a write that was killed: the next listing removes it. */
const STALE_TEMP_MS = 60 * 60_000;
/** Deeper than any real layout (Bedrock's is 8 levels): a symlink loop. */
const MAX_DEPTH = 64;

/** One entry of a folder: a file or a folder (symlinks followed). */
export interface Entry {
  name: string;
  isFolder: boolean;
}

/**
 * The reading side of the folder store: keys as paths, folder entries in S3's key order, the
 * recursive walk (symlink loops and unreadable folders reported, not fatal), file metadata.
 */
export class FolderTree {
  constructor(readonly uri: string) {}

  /**
   * Depth-first walk in key order. Sorting each folder's entries by `name` for files and `name/` for
   * folders yields global key order, because every key under folder `d` starts with `d/`.
   */
  async *walk(
    folder: string,
    namePrefix: string,
    options: ListOptions,
    ancestors: Set<string>,
  ): AsyncGenerator<ObjectInfo> {
    let entries: Entry[];
    let identity: string;
    try {
      // A symlink back to an ancestor would be walked for ever: each folder once on the way down.
      const s = await stat(this.path(folder));
      identity = `${s.dev}:${s.ino}`;
      if (ancestors.has(identity)) {
        throw Object.assign(new Error(`symlink loop: ${folder} is its own ancestor`), { code: 'ELOOP' });
      }
      entries = await this.entries(folder);
    } catch (error) {
      if (!options.onUnreadable || folder === '' || isMissing(error)) {
        if (isMissing(error)) return;
        throw error instanceof StoreError
          ? error
          : new StoreError(`list ${folder} in ${this.uri} failed`, { cause: error });
      }
      const cause = error instanceof StoreError && error.cause ? error.cause : error;
      const code = (cause as { code?: string }).code ?? 'EIO';
      options.onUnreadable(folder, { folder, code, message: (cause as Error).message ?? String(cause) });
      return;
    }
    ancestors.add(identity);
    for (const entry of entries) {
      if (!entry.name.startsWith(namePrefix)) continue;
      const key = folder + entry.name;
      if (entry.isFolder) {
        yield* this.walk(`${key}/`, '', options, ancestors);
        continue;
      }
      let info: ObjectInfo | undefined;
      try {
        info = await this.info(key);
      } catch (error) {
        // A link that loops onto itself, a file without permission: report it, list the rest.
        if (!options.onUnreadable) throw error;
        const cause = (error as StoreError).cause ?? error;
        const code = (cause as { code?: string }).code ?? 'EIO';
        options.onUnreadable(key, { folder: key, code, message: (cause as Error).message ?? String(cause) });
        continue;
      }
      if (info) yield info;
    }
    ancestors.delete(identity);
  }

  /** A folder's entries in key order, without temp files; none when the folder does not exist. */
  async entries(folder: string): Promise<Entry[]> {
    let dirents: Dirent[];
    try {
      dirents = await readdir(this.path(folder), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw new StoreError(`list ${folder} in ${this.uri} failed`, { cause: error });
    }
    const entries: Entry[] = [];
    for (const dirent of dirents) {
      if (dirent.name.startsWith(TEMP_PREFIX)) {
        await this.removeIfStale(join(this.path(folder), dirent.name));
        continue;
      }
      // Symlinks are followed, so a linked data folder reads like a real one.
      const isFolderEntry = dirent.isSymbolicLink()
        ? await isFolder(join(this.path(folder), dirent.name))
        : dirent.isDirectory();
      if (isFolderEntry || dirent.isFile() || dirent.isSymbolicLink()) {
        entries.push({ name: dirent.name, isFolder: isFolderEntry });
      }
    }
    const sortKey = (entry: Entry) => (entry.isFolder ? `${entry.name}/` : entry.name);
    return entries.sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  }

  /** Removes a temp file left by a killed write (old enough that no write in progress owns it). */
  private async removeIfStale(path: string): Promise<void> {
    try {
      if (Date.now() - (await stat(path)).mtimeMs > STALE_TEMP_MS) await unlink(path);
    } catch {
      // Gone already, or not ours to remove (read-only source): listings skip it either way.
    }
  }

  /** Like S3's common prefixes: a folder counts only if some object lies below it. */
  async holdsObject(folder: string, depth = 0): Promise<boolean> {
    // A folder that cannot be read, or links deeper than any real layout (a loop), is listed as a
    // folder: the caller then meets the error when it lists it, and can report it.
    if (depth > MAX_DEPTH) return true;
    let entries: Entry[];
    try {
      entries = await this.entries(folder);
    } catch {
      return true;
    }
    for (const entry of entries) {
      if (!entry.isFolder || (await this.holdsObject(`${folder}${entry.name}/`, depth + 1))) return true;
    }
    return false;
  }

  /** Size and time of one file; undefined when it vanished since the folder was read (a concurrent delete). */
  async info(key: string): Promise<ObjectInfo | undefined> {
    try {
      const stats = await stat(this.path(key));
      // No content hash to hand: inode and change time tell a rewritten file even when size and
      // modification time were preserved (`cp -p`, `tar x`).
      const etag = `${stats.ino.toString(16)}-${Math.round(stats.ctimeMs * 1000).toString(16)}`;
      return stats.isFile() ? { key, size: stats.size, etag, lastModified: stats.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreError(`stat ${key} in ${this.uri} failed`, { cause: error });
    }
  }

  path(key: string): string {
    return key === '' ? this.uri : this.uri + sep + key.split('/').join(sep);
  }
}
