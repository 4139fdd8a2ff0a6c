import { bedrockInvocations, identityDaily, type TableDef } from '../../lake/tables';
import type { ObjectStore } from '../../ports/object-store';

/**
 * Where the usage of each day of a window is read from: `identity_daily` (kilobytes a day) for the
 * days whose rebuild wrote it, `bedrock_invocations` (one row per call) for the days that have
 * invocations and no aggregate (a lake built before `identity_daily` existed, a day rebuilt before
 * it). Days in neither list have no usage. The lists are written into the SQL as literals, so both
 * engines prune the `dt` partitions before the query runs.
 */
export interface UsageDays {
  /** Days read from `identity_daily`, ascending. */
  identityDaily: readonly string[];
  /** Days read from `bedrock_invocations`, ascending. */
  invocations: readonly string[];
}

/** The usage days of the window `[from, to]` (inclusive `YYYY-MM-DD`), as a runner looks them up. */
export type UsageDaysOf = (from: string, to: string) => Promise<UsageDays>;

/** When a day's Parquet parts of one table were written (epoch ms): the oldest and newest part. */
export interface PartitionTimes {
  oldest: number;
  newest: number;
}

/**
 * The split, from when each table's parts of each day were written. A day reads the aggregate when
 * its `identity_daily` parts are no older than its newest `bedrock_invocations` part: the rebuild
 * writes the aggregate after the day's parts, so an older aggregate is one a failed rebuild left
 * behind (or a copy's order), and the day reads its invocations. A day with invocations and no
 * aggregate reads them, so no day's cost is ever dropped for want of an aggregate. A day with an
 * aggregate and no invocations reads nothing, as a read of the invocations would.
 */
export function splitUsageDays(
  invocations: ReadonlyMap<string, PartitionTimes>,
  aggregates: ReadonlyMap<string, PartitionTimes>,
  from: string,
  to: string,
): UsageDays {
  const out: { identityDaily: string[]; invocations: string[] } = { identityDaily: [], invocations: [] };
  for (const day of [...invocations.keys()].filter((d) => d >= from && d <= to).sort()) {
    const aggregate = aggregates.get(day);
    const fresh =
      aggregate !== undefined && aggregate.oldest >= (invocations.get(day) as PartitionTimes).newest;
    (fresh ? out.identityDaily : out.invocations).push(day);
  }
  return out;
}

const PART_DAY = /\/[a-z_]+=(\d{4}-\d{2}-\d{2})\/[^/]+\.parquet$/;

/**
 * When each day's Parquet parts of `table` were written: one recursive listing of `<table>/` (a LIST
 * request a thousand objects on S3: at 50M invocations a day, 50 parts a day over 400 days, 20). A
 * part without a time (a store that gives none) counts as written at time 0 for the oldest and now
 * for the newest, so it never makes an aggregate look fresh.
 */
export async function partitionTimes(
  store: ObjectStore,
  table: TableDef,
): Promise<Map<string, PartitionTimes>> {
  const times = new Map<string, PartitionTimes>();
  for await (const o of store.list(`${table.name}/`)) {
    const day = PART_DAY.exec(o.key)?.[1];
    if (day === undefined) continue;
    const t = o.lastModified?.getTime();
    const seen = times.get(day) ?? { oldest: Number.POSITIVE_INFINITY, newest: Number.NEGATIVE_INFINITY };
    seen.oldest = Math.min(seen.oldest, t ?? 0);
    seen.newest = Math.max(seen.newest, t ?? Number.POSITIVE_INFINITY);
    times.set(day, seen);
  }
  return times;
}

/**
 * A runner's look-up of usage days in the lake `store`. Each table is listed once (a report reads
 * several windows) and every window is split from those listings: the lake a run reads does not
 * change under it. A failed listing fails the look-up (and is listed again on the next).
 */
export function usageDaysOf(store: ObjectStore): UsageDaysOf {
  let listed: Promise<[Map<string, PartitionTimes>, Map<string, PartitionTimes>]> | undefined;
  return async (from, to) => {
    if (!listed) {
      listed = Promise.all([partitionTimes(store, bedrockInvocations), partitionTimes(store, identityDaily)]);
      listed.catch(() => {
        listed = undefined;
      });
    }
    const [invocations, aggregates] = await listed;
    return splitUsageDays(invocations, aggregates, from, to);
  };
}

/** The usage days of `[from, to]` in the lake `store` (two listings). */
export function listUsageDays(store: ObjectStore, from: string, to: string): Promise<UsageDays> {
  return usageDaysOf(store)(from, to);
}
