import { decodeParquetColumns, type LakeColumns, type LakeRow, type LakeValue } from '../lake/parquet';
import type { ObjectInfo, ObjectStore } from '../ports';
import { CONTENT_COLUMNS, compareDuplicates } from './duplicates';

/** Staged columns compaction reads: a record's whole content. */
export const STAGED_READ = CONTENT_COLUMNS;

/** Staged extracts requested ahead of the one being merged. */
const FETCH_AHEAD = 8;

/** An extract this process just wrote: its rows, and the size of the object, to tell it is still the one stored. */
export interface StagedInMemory {
  rows: readonly LakeRow[];
  bytes: number;
}

/** One bucket of a day's staged rows, deduplicated by request_id. */
export interface MergedBucket {
  rows: number;
  columns: Record<string, LakeValue[]>;
  rowsStaged: number;
  /** Duplicates whose content differed from the record kept. */
  conflicts: number;
}

/** FNV-1a of the id: spreads request ids evenly over buckets, the same way in every process. */
export function bucketOf(id: string, buckets: number): number {
  if (buckets === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

function rowsToColumns(rows: readonly LakeRow[]): LakeColumns {
  const columns: Record<string, LakeValue[]> = {};
  for (const c of STAGED_READ) {
    const values = new Array<LakeValue>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = (rows[i] as LakeRow)[c] ?? null;
    columns[c] = values;
  }
  return columns;
}

/** One staged extract, decoded (or taken from memory). */
export interface StagedExtract {
  object: ObjectInfo;
  rows: number;
  columns: LakeColumns;
}

/**
 * Every extract of `staged` in order, a few fetched ahead; extracts this process just wrote
 * (`written`, still the stored object by size) are taken from memory instead of read back.
 */
export async function* readStaged(
  store: ObjectStore,
  staged: readonly ObjectInfo[],
  written: ReadonlyMap<string, StagedInMemory> | undefined,
): AsyncGenerator<StagedExtract> {
  const inMemory = (o: ObjectInfo): StagedInMemory | undefined => {
    const w = written?.get(o.key);
    // Another run may have re-staged the unit since: then the stored object is the truth.
    return w && w.bytes === o.size ? w : undefined;
  };
  const fetches = new Map<string, Promise<Uint8Array>>();
  const fetchFrom = (i: number): void => {
    const o = staged[i];
    if (o === undefined || fetches.has(o.key) || inMemory(o)) return;
    const bytes = store.getBytes(o.key);
    bytes.catch(() => {}); // handled when awaited in turn
    fetches.set(o.key, bytes);
  };
  for (let i = 0; i < FETCH_AHEAD; i++) fetchFrom(i);
  for (const [i, o] of staged.entries()) {
    fetchFrom(i + FETCH_AHEAD);
    const memory = inMemory(o);
    if (memory) {
      yield { object: o, rows: memory.rows.length, columns: rowsToColumns(memory.rows) };
      continue;
    }
    const bytes = await (fetches.get(o.key) as Promise<Uint8Array>);
    fetches.delete(o.key);
    const { rows, columns } = await decodeParquetColumns(bytes, [...STAGED_READ]);
    yield { object: o, rows, columns };
  }
}

/**
 * Reads the staged extracts `objects` (in key order, a few fetched ahead) and keeps their rows
 * one per request_id by the rule of `compareDuplicates`, so the result does not depend on which
 * file a duplicate came from. Column by column: tight loops over one array each, no row objects.
 * Given the objects of one bucket (see `shuffle-day.ts`), it merges that bucket.
 */
export async function mergeBucket(
  store: ObjectStore,
  objects: readonly ObjectInfo[],
  written?: ReadonlyMap<string, StagedInMemory>,
): Promise<MergedBucket> {
  const index = new Map<string, number>();
  const out: Record<string, LakeValue[]> = Object.fromEntries(STAGED_READ.map((c) => [c, [] as LakeValue[]]));
  let rowsStaged = 0;
  let conflicts = 0;
  for await (const { rows, columns } of readStaged(store, objects, written)) {
    const ids = columns.request_id as readonly string[];
    const from = STAGED_READ.map((c) => columns[c] as readonly LakeValue[]);
    const to = STAGED_READ.map((c) => out[c] as LakeValue[]);
    // The rows up to the first id seen before (usually all of them) are appended column by column.
    const start = index.size;
    let fresh = 0;
    while (fresh < rows && !index.has(ids[fresh] as string)) {
      index.set(ids[fresh] as string, start + fresh);
      fresh++;
    }
    for (let c = 0; c < to.length; c++) {
      const source = from[c] as readonly LakeValue[];
      const target = to[c] as LakeValue[];
      for (let r = 0; r < fresh; r++) target.push(source[r] ?? null);
    }
    rowsStaged += fresh;
    for (let r = fresh; r < rows; r++) {
      const id = ids[r] as string;
      rowsStaged++;
      const at = index.get(id);
      if (at === undefined) {
        index.set(id, index.size);
        for (let c = 0; c < to.length; c++)
          (to[c] as LakeValue[]).push((from[c] as readonly LakeValue[])[r] ?? null);
        continue;
      }
      const order = compareDuplicates(out, at, columns, r);
      if (order === 0) continue;
      conflicts++;
      if (order > 0) {
        for (let c = 0; c < to.length; c++)
          (to[c] as LakeValue[])[at] = (from[c] as readonly LakeValue[])[r] ?? null;
      }
    }
  }
  return { rows: index.size, columns: out, rowsStaged, conflicts };
}
