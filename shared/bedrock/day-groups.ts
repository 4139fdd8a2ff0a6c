import { createHash } from 'node:crypto';
import { DAY_MS } from '../lake/utc';
import type { ObjectStore } from '../ports';
import { getJson, putJson } from './fan-out-state';
import { clearShuffle, SHUFFLE_ROOT, shufflePrefix } from './shuffle-day';

/** A staged extract as a rebuild plans it: key, size and ETag (what tells it was re-staged). */
export type ExtractPrint = [string, number, string];

/**
 * Extracts of a day shuffled together, named by what they hold (the bucket count and each
 * extract's print): the same extracts always make the same group and the same bucket objects, so a
 * later rebuild that finds the group unchanged reuses its objects instead of shuffling it again.
 */
export interface DayGroup {
  id: string;
  /** Indices into the plan's extracts, in key order. */
  extracts: number[];
}

/** A unit id ends with its hour folder and a hash (`<account>_<region>_YYYYMMDDHH_<hash>`, source-layout.ts). */
const UNIT_HOUR = /_(\d{10})_[0-9a-f]{8}\.parquet$/;

/** The hour folder a staged extract's unit was read from, or '' for a folder outside Bedrock's layout. */
export const unitHourOf = (key: string): string => UNIT_HOUR.exec(key)?.[1] ?? '';

const groupId = (buckets: number, prints: readonly ExtractPrint[]): string =>
  createHash('sha256')
    .update(JSON.stringify([buckets, prints]))
    .digest('hex')
    .slice(0, 16);

/**
 * The day's extracts grouped by the hour folder of their unit (a 15-minute run re-stages only the
 * current hour and the one before, so the other hours' groups stay unchanged), each hour cut into
 * consecutive groups of at most `stepBytes` (one shuffle step each). Groups in the order of their
 * first extract.
 */
export function groupExtracts(
  prints: readonly ExtractPrint[],
  buckets: number,
  stepBytes: number,
): DayGroup[] {
  const byHour = new Map<string, number[]>();
  prints.forEach(([key], i) => {
    const hour = unitHourOf(key);
    const list = byHour.get(hour) ?? [];
    list.push(i);
    byHour.set(hour, list);
  });
  const groups: DayGroup[] = [];
  for (const indices of byHour.values()) {
    let current: number[] = [];
    let bytes = 0;
    for (const i of indices) {
      const size = (prints[i] as ExtractPrint)[1];
      if (current.length > 0 && bytes + size > stepBytes) {
        groups.push({ id: '', extracts: current });
        current = [];
        bytes = 0;
      }
      current.push(i);
      bytes += size;
    }
    if (current.length > 0) groups.push({ id: '', extracts: current });
  }
  for (const g of groups)
    g.id = groupId(
      buckets,
      g.extracts.map((i) => prints[i] as ExtractPrint),
    );
  return groups.sort((a, b) => (a.extracts[0] as number) - (b.extracts[0] as number));
}

/** What the last finished rebuild of a recent day left for the next: its bucket count and groups. */
export interface KeptGroups {
  buckets: number;
  groups: string[];
}

/**
 * Days a deleted or replaced bucket object stays as a noncurrent version (the lake bucket is
 * versioned; its curated/ rule keeps 7 days): the objects are temporary, rewritten and deleted by
 * every rebuild, so a day (the least S3 allows) instead of a week of them (infra/lib/buckets.ts).
 */
export const SHUFFLE_NONCURRENT_DAYS = 1;

/** Where a recent day's bucket objects are kept between rebuilds. */
export const KEPT_SCOPE = 'kept';
const keptManifest = (dt: string): string => `${shufflePrefix(dt, KEPT_SCOPE)}groups.json`;

/**
 * Whether a day's bucket objects are kept between rebuilds: today and yesterday by `now` (the
 * current day is rebuilt every run, yesterday once more after midnight). Older days are rebuilt
 * rarely: their objects are the run's own, removed when the day is written, as before.
 */
export const keepsShuffle = (dt: string, now: Date): boolean =>
  dt >= new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);

/** The kept groups of a day and the manifest's ETag (a rebuild finished since a plan: it changed). */
export async function readKept(
  store: ObjectStore,
  dt: string,
): Promise<{ etag?: string; kept?: KeptGroups }> {
  const head = await store.head(keptManifest(dt));
  if (!head) return {};
  return { etag: head.etag, kept: await getJson<KeptGroups>(store, keptManifest(dt)) };
}

/**
 * Whether another rebuild finished since a plan read the manifest (`etag`), checked by the finish
 * under the day's lease: it may have removed groups the plan reuses. A manifest that records exactly
 * the plan's groups (this rebuild's own, from an attempt that failed later) is no change: none of its
 * groups' objects were removed.
 */
export async function keptChanged(
  store: ObjectStore,
  dt: string,
  etag: string | undefined,
  mine: KeptGroups,
): Promise<boolean> {
  const now = await store.head(keptManifest(dt));
  if (now?.etag === etag) return false;
  const kept = now ? await getJson<KeptGroups>(store, keptManifest(dt)) : undefined;
  return JSON.stringify(kept) !== JSON.stringify(mine);
}

const GROUP_OF = /\/g=([0-9a-f]{16})-\d{5}\.parquet$/;

/** The group a bucket object belongs to (its key `…/g=<id>-<flush>.parquet`). */
export const groupOfObject = (key: string): string | undefined => GROUP_OF.exec(key)?.[1];

/**
 * Records a recent day's groups once its rebuild is written (manifest first, then the objects of
 * groups no longer planned deleted: a crash in between leaves only unreferenced objects), and
 * removes what is kept for the day three days before (no longer rebuilt every run).
 */
export async function keepGroups(store: ObjectStore, dt: string, kept: KeptGroups): Promise<void> {
  await putJson(store, keptManifest(dt), kept);
  const live = new Set(kept.groups);
  const stale: string[] = [];
  for await (const o of store.list(shufflePrefix(dt, KEPT_SCOPE))) {
    const id = groupOfObject(o.key);
    if (id !== undefined && !live.has(id)) stale.push(o.key);
  }
  await store.delete(stale);
  // Three days before: a rebuild that planned that day as kept (until its next day ended) has ended
  // by then (a run stops after 12 hours), so no finish removes objects a rebuild still reads.
  const before = new Date(Date.parse(`${dt}T00:00:00Z`) - 3 * DAY_MS).toISOString().slice(0, 10);
  await clearShuffle(store, `${SHUFFLE_ROOT}/dt=${before}/`);
}
