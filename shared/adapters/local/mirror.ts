import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TableDef } from '../../lake/tables';
import type { ObjectStore } from '../../ports';
import { InvalidKeyError } from '../../ports/store-errors';
import { assertValidKey } from '../keys';

interface MirrorManifest {
  [key: string]: string;
}

/** What a mirror run moved. */
export interface MirrorStats {
  objects: number;
  downloaded: number;
  bytesDownloaded: number;
  removed: number;
}

/**
 * Copies the curated tables of a remote store into a local folder so DuckDB can query them
 * with no Athena bill: only objects whose size or ETag changed are downloaded, objects gone
 * from the store are removed. The curated tables are small (metadata, Parquet), so this is
 * usually cheaper than one Athena query's 10 MB minimum.
 */
export async function mirrorTables(
  store: ObjectStore,
  cacheDir: string,
  tables: readonly TableDef[],
): Promise<MirrorStats> {
  const root = resolve(cacheDir);
  await mkdir(root, { recursive: true });
  const manifestPath = join(root, '.mirror.json');
  let previous: MirrorManifest = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(manifestPath, 'utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      previous = parsed as MirrorManifest;
  } catch {
    previous = {};
  }
  const next: MirrorManifest = {};
  const stats: MirrorStats = { objects: 0, downloaded: 0, bytesDownloaded: 0, removed: 0 };
  for (const table of tables) {
    const folder = `${table.name}/`;
    for await (const o of store.list(folder)) {
      if (!o.key.endsWith('.parquet')) continue;
      // Refuse before anything is written: a store (or whoever can write to it) must not be able
      // to place files outside the cache with keys such as `<table>/../../x.parquet`.
      const target = mirrorPath(root, o.key, folder);
      stats.objects++;
      const version = `${o.size}:${o.etag ?? o.lastModified?.toISOString() ?? ''}`;
      next[o.key] = version;
      if (previous[o.key] === version) continue;
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      await pipeline(await store.get(o.key), createWriteStream(partial));
      await rename(partial, target);
      stats.downloaded++;
      stats.bytesDownloaded += o.size;
    }
  }
  for (const key of Object.keys(previous)) {
    if (next[key] !== undefined) continue;
    // The manifest is a file on disk: a key in it that would leave the cache is not ours to delete.
    const folder = tables.find((t) => key.startsWith(`${t.name}/`));
    const target = folder ? tryMirrorPath(root, key, `${folder.name}/`) : undefined;
    if (target === undefined) continue;
    await rm(target, { force: true });
    stats.removed++;
  }
  await writeFile(manifestPath, JSON.stringify(next));
  return stats;
}

/**
 * Where `key` is mirrored under `root`: a valid key (`assertValidKey`: no `..`, `.` or empty
 * segment, no leading `/`, no NUL) under `folder`, whose resolved path is still inside `root`.
 * Anything else throws `InvalidKeyError`.
 */
export function mirrorPath(root: string, key: string, folder: string): string {
  assertValidKey(key);
  if (!key.startsWith(folder)) throw new InvalidKeyError(key, `is not under ${folder}`);
  const base = resolve(root);
  const target = resolve(base, key);
  const rel = relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new InvalidKeyError(key, `would be written outside the mirror folder ${base}`);
  }
  return target;
}

function tryMirrorPath(root: string, key: string, folder: string): string | undefined {
  try {
    return mirrorPath(root, key, folder);
  } catch {
    return undefined;
  }
}
