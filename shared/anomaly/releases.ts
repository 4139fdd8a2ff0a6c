import { withLease } from '../lake/lease';
import { decodeParquet, type LakeRow } from '../lake/parquet';
import { partitionPrefix, replacePartition } from '../lake/partition-writer';
import { releases } from '../lake/tables';
import { dayOf, HOUR_MS } from '../lake/utc';
import type { Clock, ObjectStore, QueryEngine } from '../ports';
import { type QueryTally, runWindowed, str } from './sql';
import { type DetectionWindow, parseSqlTimestamp } from './window';

/** One release marker. */
export interface Release {
  /** Epoch ms. */
  at: number;
  team: string;
  feature?: string;
  version: string;
  note?: string;
}

/** A release names a change this long after it at most. */
export const RELEASE_LOOKBACK_MS = 48 * HOUR_MS;

/**
 * Adds one release row to its day's `releases` partition (read, append, replace) under the
 * partition's lease, so two releases recorded at once both land. Re-adding the same release
 * (same time, team, feature and version) changes nothing.
 */
export async function addRelease(store: ObjectStore, clock: Clock, release: Release): Promise<void> {
  const day = dayOf(release.at);
  await withLease(store, clock, `releases/dt=${day}`, async (lease) => {
    const rows: LakeRow[] = [];
    for await (const o of store.list(partitionPrefix(releases, day))) {
      rows.push(...(await decodeParquet(await store.getBytes(o.key))));
    }
    const same = (r: LakeRow) =>
      Number(r.release_time) === release.at &&
      r.team === release.team &&
      (r.feature ?? undefined) === release.feature &&
      r.version === release.version;
    if (!rows.some(same)) {
      rows.push({
        release_time: release.at,
        team: release.team,
        feature: release.feature ?? null,
        version: release.version,
        note: release.note ?? null,
      });
    }
    rows.sort((a, b) => Number(a.release_time) - Number(b.release_time));
    lease.check();
    const columns = Object.fromEntries(
      releases.columns.map((c) => [c.name, rows.map((r) => r[c.name] ?? null)]),
    );
    await replacePartition(store, releases, day, columns, rows.length);
  });
}

const RELEASES_SQL = `SELECT release_time, team, feature, version, note
FROM releases
WHERE dt BETWEEN {{from}} AND {{to}}
ORDER BY release_time`;

/** The window's release markers (dt-bounded). */
export async function readReleases(
  engine: QueryEngine,
  tally: QueryTally,
  window: DetectionWindow,
): Promise<Release[]> {
  const rows = await runWindowed(engine, tally, window, RELEASES_SQL);
  return rows.map((r) => ({
    at: parseSqlTimestamp(r.release_time),
    team: str(r.team),
    ...(r.feature ? { feature: str(r.feature) } : {}),
    version: str(r.version),
    ...(r.note ? { note: str(r.note) } : {}),
  }));
}

/**
 * The release nearest before `startedAt` (within `RELEASE_LOOKBACK_MS`) of the same team, and of
 * the same feature when the release names one.
 */
export function nearestRelease(
  list: readonly Release[],
  startedAt: number,
  dims: Readonly<Record<string, string>>,
): Release | undefined {
  let best: Release | undefined;
  for (const r of list) {
    if (r.at > startedAt || r.at < startedAt - RELEASE_LOOKBACK_MS) continue;
    if (dims.team !== undefined && r.team !== dims.team) continue;
    if (r.feature !== undefined && dims.feature !== undefined && r.feature !== dims.feature) continue;
    if (!best || r.at > best.at) best = r;
  }
  return best;
}
