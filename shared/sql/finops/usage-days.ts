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

/**
 * The split, from the days each table has a partition for: a day with both reads the aggregate; a
 * day with invocations only reads them, so no day's cost is ever dropped for want of an aggregate.
 * A day with an aggregate and no invocations reads nothing, as a read of the invocations would.
 */
export function splitUsageDays(
  invocationDays: Iterable<string>,
  identityDays: Iterable<string>,
  from: string,
  to: string,
): UsageDays {
  const aggregated = new Set(identityDays);
  const inWindow = [...new Set(invocationDays)].filter((d) => d >= from && d <= to).sort();
  return {
    identityDaily: inWindow.filter((d) => aggregated.has(d)),
    invocations: inWindow.filter((d) => !aggregated.has(d)),
  };
}

const DAY_FOLDER = /=(\d{4}-\d{2}-\d{2})\/$/;

/** Every day `table` has a partition for: one folder listing of `<table>/` (one LIST a thousand partitions on S3). */
export async function partitionDays(store: ObjectStore, table: TableDef): Promise<string[]> {
  const { folders } = await store.listFolder(`${table.name}/`);
  const days: string[] = [];
  for (const folder of folders) {
    if (!folder.startsWith(`${table.name}/${table.partitionKey}=`)) continue;
    const day = DAY_FOLDER.exec(folder)?.[1];
    if (day !== undefined) days.push(day);
  }
  return days;
}

/**
 * A runner's look-up of usage days in the lake `store`. Each table's partitions are listed once (the
 * lake keeps 400 days: one LIST request each on S3) and every window is split from those listings:
 * the lake a run reads does not change under it. A folder counts only when it holds an object (S3
 * common prefixes; the folder store skips empty folders), so a partition an empty rebuild removed
 * does not count. A failed listing fails the look-up (and is listed again on the next).
 */
export function usageDaysOf(store: ObjectStore): UsageDaysOf {
  let listed: Promise<[string[], string[]]> | undefined;
  return async (from, to) => {
    if (!listed) {
      listed = Promise.all([partitionDays(store, bedrockInvocations), partitionDays(store, identityDaily)]);
      listed.catch(() => {
        listed = undefined;
      });
    }
    const [invocations, aggregated] = await listed;
    return splitUsageDays(invocations, aggregated, from, to);
  };
}

/** The usage days of `[from, to]` in the lake `store` (two listings). */
export function listUsageDays(store: ObjectStore, from: string, to: string): Promise<UsageDays> {
  return usageDaysOf(store)(from, to);
}
