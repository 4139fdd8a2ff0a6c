import { encodeParquetColumns, type LakeValue } from '../lake/parquet';
import { ROWS_PER_PART } from '../lake/partition-writer';
import { bedrockInvocations } from '../lake/tables';
import type { ObjectInfo, ObjectStore } from '../ports';
import type { Curator } from './curate-bucket';
import { IdentityAggregate } from './identity-aggregate';
import { mergeBucket, type StagedInMemory } from './merge-staged';
import { bucketObjects, shuffleGroup } from './shuffle-day';
import { UsageAggregate } from './usage-aggregate';

/** A day aggregate over some of the day's rows (a share: shares of disjoint rows sum with `sumAggregates`). */
export interface AggregateShare {
  rows: number;
  columns: Record<string, LakeValue[]>;
}

/**
 * One request_id hash bucket of a day, merged: its rows deduplicated, attributed and sorted, encoded
 * as the part files the day will hold, with its shares of the day's aggregates. Plain data and
 * buffers: it can cross a worker-thread boundary as it is.
 */
export interface BucketPart {
  /** The bucket's part files, in order (split at `ROWS_PER_PART`); none when the bucket is empty. */
  parts: { bytes: Uint8Array; rows: number }[];
  rows: number;
  rowsStaged: number;
  /** Duplicates whose content differed from the record kept. */
  conflicts: number;
  /** Rows written per team. */
  teams: Record<string, number>;
  usage: AggregateShare;
  identities: AggregateShare;
}

/** Merges one bucket of a day (see `BucketPart`) from its staged objects, in this thread or another. */
export type BucketMerger = (prefix: string, bucket: number) => Promise<BucketPart>;

/**
 * Shuffles one flush group of a day's staged extracts into bucket objects under `prefix`
 * (`shuffleGroup`), in this thread or another; `written` is what this thread may read from memory.
 */
export type GroupShuffler = (
  prefix: string,
  buckets: number,
  extracts: readonly ObjectInfo[],
  flush: number,
  written?: ReadonlyMap<string, StagedInMemory>,
) => Promise<void>;

/** Threads a large day's rebuild may use: its shuffle groups and buckets, `concurrency` at once. */
export interface DayThreads {
  merge: BucketMerger;
  shuffle: GroupShuffler;
  concurrency: number;
}

/**
 * Merges the staged objects of one bucket (`mergeBucket`), curates them and encodes its parts: what
 * one bucket of a day's rebuild does, whichever thread or function runs it. The same objects always
 * give the same bytes.
 */
export async function mergeBucketPart(
  store: ObjectStore,
  objects: readonly ObjectInfo[],
  curate: Curator,
  written?: ReadonlyMap<string, StagedInMemory>,
): Promise<BucketPart> {
  const merged = await mergeBucket(store, objects, written);
  const out = await curate(merged);
  const parts: BucketPart['parts'] = [];
  for (let start = 0; start < merged.rows; start += ROWS_PER_PART) {
    const end = Math.min(merged.rows, start + ROWS_PER_PART);
    const slice =
      start === 0 && end === merged.rows
        ? out
        : Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.slice(start, end)]));
    parts.push({ bytes: encodeParquetColumns(bedrockInvocations, slice), rows: end - start });
  }
  const usage = new UsageAggregate();
  const identities = new IdentityAggregate();
  usage.add(out, merged.rows);
  identities.add(out, merged.rows);
  const teams: Record<string, number> = {};
  for (const team of out.team as string[]) teams[team] = (teams[team] ?? 0) + 1;
  return {
    parts,
    rows: merged.rows,
    rowsStaged: merged.rowsStaged,
    conflicts: merged.conflicts,
    teams,
    usage: usage.columns(),
    identities: identities.columns(),
  };
}

/**
 * A day's shuffle groups and buckets run in this thread, one at a time: what `compactDay` does
 * without threads, and what each thread of a pool runs. `beforeWrite` is called before each
 * bucket object is written (a lease check).
 */
export function dayTasksHere(store: ObjectStore, curate: Curator, beforeWrite?: () => void): DayThreads {
  return {
    merge: async (prefix, bucket) =>
      mergeBucketPart(store, await bucketObjects(store, prefix, bucket), curate),
    shuffle: async (prefix, buckets, extracts, flush, written) => {
      await shuffleGroup(store, extracts, flush, { prefix, buckets, step: 0, written, beforeWrite });
    },
    concurrency: 1,
  };
}
