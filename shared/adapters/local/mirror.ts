import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TableDef } from '../../lake/tables';
import type { ObjectStore } from '../../ports';

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
    previous = JSON.parse(await readFile(manifestPath, 'utf8')) as MirrorManifest;
  } catch {
    previous = {};
  }
  const next: MirrorManifest = {};
  const stats: MirrorStats = { objects: 0, downloaded: 0, bytesDownloaded: 0, removed: 0 };
  for (const table of tables) {
    for await (const o of store.list(`${table.name}/`)) {
      if (!o.key.endsWith('.parquet')) continue;
      stats.objects++;
      const version = `${o.size}:${o.etag ?? o.lastModified?.toISOString() ?? ''}`;
      next[o.key] = version;
      if (previous[o.key] === version) continue;
      const target = join(root, o.key);
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      await pipeline(await store.get(o.key), createWriteStream(partial));
      await rename(partial, target);
      stats.downloaded++;
      stats.bytesDownloaded += o.size;
    }
  }
  for (const key of Object.keys(previous)) {
    if (next[key] === undefined) {
      await rm(join(root, key), { force: true });
      stats.removed++;
    }
  }
  await writeFile(manifestPath, JSON.stringify(next));
  return stats;
}
