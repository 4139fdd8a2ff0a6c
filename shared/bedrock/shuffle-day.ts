import { mapLimit } from '../io/map-limit';
import { encodeParquetColumns, type LakeValue } from '../lake/parquet';
import type { TableDef } from '../lake/tables';
import type { ObjectInfo, ObjectStore } from '../ports';
import { bucketOf, readStaged, STAGED_READ, type StagedInMemory } from './merge-staged';
import { bedrockStage } from './stage-table';

/** Where a day rebuild keeps its bucket objects while it runs (not a table, removed when the day is written). */
export const SHUFFLE_ROOT = '_state/shuffle/bedrock_invocations';

/**
 * Staged bytes split into bucket objects at once: what one shuffle holds in memory (decoded rows
 * take about 10× their staged bytes). A day of D staged bytes makes about D / this × buckets objects.
 */
export const SHUFFLE_GROUP_BYTES = 16 * 1024 * 1024;

/** Bucket objects written at once. */
const PUT_CONCURRENCY = 8;

/** The shuffled rows: a record's content, as compaction reads it. */
const bedrockShuffle: TableDef = {
  ...bedrockStage,
  name: SHUFFLE_ROOT,
  description: 'A day rebuild’s staged rows split by request_id bucket (temporary).',
  columns: bedrockStage.columns.filter((c) => (STAGED_READ as readonly string[]).includes(c.name)),
};

const pad = (n: number): string => String(n).padStart(5, '0');

/** The bucket objects of one rebuild of `dt`; `scope` tells rebuilds apart (`local`, or a fan-out run). */
export const shufflePrefix = (dt: string, scope: string): string => `${SHUFFLE_ROOT}/dt=${dt}/${scope}/`;

/** The objects of bucket `b` of a rebuild: one per shuffle group that had rows for it, in key order. */
const bucketPrefix = (prefix: string, b: number): string => `${prefix}b=${pad(b)}/`;

/**
 * The object of bucket `b` from flush `flush` of shuffle step or group `group`. In one process key
 * order is flush order: a bucket's objects list in the order of the staged extracts they came from
 * (the merged rows do not depend on that order: duplicates are settled by content, rows sorted).
 */
const shuffledKey = (prefix: string, b: number, group: string, flush: number): string =>
  `${bucketPrefix(prefix, b)}g=${group}-${pad(flush)}.parquet`;

export interface ShuffleOutcome {
  rowsRead: number;
  objectsWritten: number;
  bytesWritten: number;
}

export interface ShuffleOptions {
  prefix: string;
  buckets: number;
  /** The shuffle step (0 in one process; the step's number when fanned out). */
  step: number;
  /** Names the objects instead of the step: the group's id when fanned out (day-groups.ts). */
  group?: string;
  written?: ReadonlyMap<string, StagedInMemory>;
  groupBytes?: number;
  /** Called before each write: throws to stop (a lease that ran out). */
  beforeWrite?: () => void;
}

/**
 * The runs of extracts `shuffleExtracts` flushes together, in order: a run ends with the extract
 * that brings its staged bytes to `groupBytes` (the last run may be smaller). Each run's bucket
 * objects depend on its extracts alone, so runs can be shuffled apart, at once.
 */
export function flushGroups<T extends { size: number }>(
  extracts: readonly T[],
  groupBytes = SHUFFLE_GROUP_BYTES,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let pending = 0;
  for (const e of extracts) {
    current.push(e);
    pending += e.size;
    if (pending >= groupBytes) {
      groups.push(current);
      current = [];
      pending = 0;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * How many times `shuffleExtracts` flushes over extracts of these sizes (in order). Each flush
 * writes one object per bucket that had rows in it (at a large day's sizes, every bucket). Pure:
 * the pipeline's cost estimate counts a rebuild's bucket objects with it.
 */
export const shuffleFlushes = (sizes: readonly number[], groupBytes = SHUFFLE_GROUP_BYTES): number =>
  flushGroups(
    sizes.map((size) => ({ size })),
    groupBytes,
  ).length;

/**
 * Splits the staged extracts of one flush group (see `flushGroups`) into bucket objects: the rows of
 * each extract go, in order, to the bucket of their request_id (`bucketOf`), one object per bucket
 * that had rows, named by the group's number `flush`. Deterministic keys and bytes: the same extracts
 * always give the same objects, so a retry overwrites what it wrote, never adds to it.
 */
export async function shuffleGroup(
  store: ObjectStore,
  extracts: readonly ObjectInfo[],
  flush: number,
  options: ShuffleOptions,
): Promise<ShuffleOutcome> {
  const { prefix, buckets, step } = options;
  const outcome: ShuffleOutcome = { rowsRead: 0, objectsWritten: 0, bytesWritten: 0 };
  const pending = new Map<number, Record<string, LakeValue[]>>();
  for await (const { rows, columns } of readStaged(store, extracts, options.written)) {
    const ids = columns.request_id as readonly string[];
    // Each row's bucket first, then the rows moved column by column: one tight loop per column.
    const bucketOfRow = new Uint32Array(rows);
    for (let r = 0; r < rows; r++) {
      const b = bucketOf(ids[r] as string, buckets);
      bucketOfRow[r] = b;
      if (!pending.has(b)) pending.set(b, Object.fromEntries(STAGED_READ.map((c) => [c, [] as LakeValue[]])));
    }
    const into = new Array<LakeValue[]>(buckets);
    for (const c of STAGED_READ) {
      for (const [b, to] of pending) into[b] = to[c] as LakeValue[];
      const from = columns[c] as readonly LakeValue[];
      for (let r = 0; r < rows; r++) (into[bucketOfRow[r] as number] as LakeValue[]).push(from[r] ?? null);
    }
    outcome.rowsRead += rows;
  }
  const flushed = [...pending.entries()].sort(([a], [b]) => a - b);
  await mapLimit(flushed, PUT_CONCURRENCY, async ([b, columns]) => {
    const bytes = encodeParquetColumns(bedrockShuffle, columns, { uncompressed: true });
    options.beforeWrite?.();
    await store.put(shuffledKey(prefix, b, options.group ?? pad(step), flush), bytes);
    outcome.objectsWritten++;
    outcome.bytesWritten += bytes.byteLength;
  });
  return outcome;
}

/**
 * Splits staged extracts into bucket objects, one flush group after another (`flushGroups`,
 * `shuffleGroup`), so memory is bounded by a group and each bucket is then merged from its own
 * objects instead of re-reading the whole day.
 */
export async function shuffleExtracts(
  store: ObjectStore,
  extracts: readonly ObjectInfo[],
  options: ShuffleOptions,
): Promise<ShuffleOutcome> {
  const outcome: ShuffleOutcome = { rowsRead: 0, objectsWritten: 0, bytesWritten: 0 };
  for (const [flush, group] of flushGroups(extracts, options.groupBytes).entries()) {
    const done = await shuffleGroup(store, group, flush, options);
    outcome.rowsRead += done.rowsRead;
    outcome.objectsWritten += done.objectsWritten;
    outcome.bytesWritten += done.bytesWritten;
  }
  return outcome;
}

/** The objects of bucket `b`, in key order; with `keep`, only those it accepts (a plan's groups). */
export async function bucketObjects(
  store: ObjectStore,
  prefix: string,
  b: number,
  keep?: (key: string) => boolean,
): Promise<ObjectInfo[]> {
  const objects: ObjectInfo[] = [];
  for await (const o of store.list(bucketPrefix(prefix, b)))
    if (o.key.endsWith('.parquet') && (keep?.(o.key) ?? true)) objects.push(o);
  return objects;
}

/** Removes a rebuild's bucket objects (all of them: what a crashed earlier attempt left too). */
export async function clearShuffle(store: ObjectStore, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  await store.delete(keys);
}
