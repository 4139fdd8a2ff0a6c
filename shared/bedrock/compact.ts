import type { AttributionConfig } from '../config';
import { forEachInOrder } from '../io/map-limit';
import { type LeaseOptions, withLease } from '../lake/lease';
import { decodeParquetColumns } from '../lake/parquet';
import { PartitionWriter, partitionPrefix, replacePartition } from '../lake/partition-writer';
import { bedrockInvocations, identityDaily, usageHourly } from '../lake/tables';
import type { Clock, ObjectInfo, ObjectStore } from '../ports';
import { sumAggregates } from './aggregate-merge';
import { type BucketPart, type DayThreads, dayTasksHere, mergeBucketPart } from './bucket-part';
import { createCurator } from './curate-bucket';
import type { StagedInMemory } from './merge-staged';
import type { ModelNormalizer } from './normalize-model';
import { clearShuffle, flushGroups, shufflePrefix } from './shuffle-day';
import { listStaged } from './stage-paths';

/**
 * Staged bytes (uncompressed Parquet) merged in one pass. A larger day is merged in request_id hash
 * buckets, one pass each, so memory stays bounded however many invocations a day holds: its
 * staged rows are first split into bucket objects in one read (`shuffleGroup`), then each
 * bucket is merged from its own objects, so the rebuild time grows linearly with the day.
 */
export const BUCKET_STAGED_BYTES = 16 * 1024 * 1024;

/**
 * Which staged bytes make how many buckets (the same in one process and fanned out): a power of two,
 * so that a day growing through the day keeps its bucket count for hours and a rebuild can reuse the
 * bucket objects of the extracts unchanged since the previous one (docs/decisions/0015). A bucket
 * holds between half and all of `bucketBytes`.
 */
export const bucketsFor = (stagedBytes: number, bucketBytes = BUCKET_STAGED_BYTES): number =>
  2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(stagedBytes / bucketBytes))));

export interface CompactOutcome {
  dt: string;
  rowsStaged: number;
  rowsWritten: number;
  duplicatesDropped: number;
  /** Duplicates (same request_id) whose content differed from the record kept. */
  conflictingDuplicates: number;
  keysWritten: string[];
  /** Rows written per team: what a rebuild compares to say what it re-attributed. */
  teams: Record<string, number>;
  /** Rows per team before (with `countPrevious`). */
  previousTeams?: Record<string, number>;
}

export interface CompactDeps {
  store: ObjectStore;
  clock: Clock;
  attribution: AttributionConfig;
  normalizeModel: ModelNormalizer;
  /** Staged extracts this process just wrote, by key: used instead of reading them back. */
  written?: ReadonlyMap<string, StagedInMemory>;
  /** Also count the rows per team the day held before (a rebuild reports what it changed). */
  countPrevious?: boolean;
  /**
   * Shuffles and merges a day of several buckets (default: in this thread, one group or bucket at a
   * time); the CLI's `--threads` passes threads that run `concurrency` at once.
   */
  merger?: DayThreads;
  /** Overrides `BUCKET_STAGED_BYTES` (tests). */
  bucketBytes?: number;
  /** Overrides `SHUFFLE_GROUP_BYTES` (tests). */
  groupBytes?: number;
  lease?: LeaseOptions;
}

/**
 * Rebuilds one day of `bedrock_invocations` from everything staged for it at this moment, holding
 * the day's lease so that two runs never interleave their rewrites: keeps one record per
 * request_id (by content, see `compareDuplicates`), attributes and normalizes, sorts by
 * (event_time, request_id) and replaces the day under deterministic keys, with its `usage_hourly`
 * and `identity_daily` aggregates. The same staged data
 * always gives byte-identical output, whatever windows, reruns and concurrent runs produced it.
 */
export async function compactDay(dt: string, deps: CompactDeps): Promise<CompactOutcome> {
  const { store } = deps;
  return withLease(
    store,
    deps.clock,
    `${bedrockInvocations.name}/dt=${dt}`,
    async (lease) => {
      // Listed under the lease: every unit staged before this moment is in the day written.
      const staged = await listStaged(store, dt);
      const bytes = staged.reduce((n, o) => n + o.size, 0);
      const buckets = bucketsFor(bytes, deps.bucketBytes);
      // Held under the day's lease: one rebuild of the day at a time uses it.
      const shuffled = shufflePrefix(dt, 'local');
      const curate = createCurator(deps.attribution, deps.normalizeModel);
      // Flush groups and buckets share nothing: run at once where threads are given, one by one here.
      const threads = deps.merger ?? dayTasksHere(store, curate, () => lease.check());
      if (buckets > 1) {
        await clearShuffle(store, shuffled); // what a crashed rebuild left
        const groups = flushGroups(staged, deps.groupBytes);
        // The lease is checked before each group is handed out (a worker cannot check it) and after.
        await forEachInOrder(
          groups.length,
          threads.concurrency,
          (g) => {
            lease.check();
            return threads.shuffle(shuffled, buckets, groups[g] as ObjectInfo[], g, deps.written);
          },
          async () => lease.check(),
        );
      }

      const previousTeams = deps.countPrevious ? await teamCounts(store, dt) : undefined;
      const writer = new PartitionWriter(store, bedrockInvocations, dt, () => lease.check());
      const outcome: CompactOutcome = {
        dt,
        rowsStaged: 0,
        rowsWritten: 0,
        duplicatesDropped: 0,
        conflictingDuplicates: 0,
        keysWritten: [],
        teams: {},
        ...(previousTeams ? { previousTeams } : {}),
      };
      const shares: Pick<BucketPart, 'usage' | 'identities'>[] = [];
      const take = async (part: BucketPart): Promise<void> => {
        for (const p of part.parts) await writer.addEncoded(p.bytes, p.rows);
        for (const [team, n] of Object.entries(part.teams))
          outcome.teams[team] = (outcome.teams[team] ?? 0) + n;
        outcome.rowsStaged += part.rowsStaged;
        outcome.rowsWritten += part.rows;
        outcome.conflictingDuplicates += part.conflicts;
        shares.push({ usage: part.usage, identities: part.identities });
      };
      if (buckets === 1) await take(await mergeBucketPart(store, staged, curate, deps.written));
      else await forEachInOrder(buckets, threads.concurrency, (b) => threads.merge(shuffled, b), take);
      const written = await writer.finish();
      if (buckets > 1) await clearShuffle(store, shuffled);
      // The day's aggregates, under the same lease: they always match the day just written.
      for (const [table, key] of [
        [usageHourly, 'usage'],
        [identityDaily, 'identities'],
      ] as const) {
        const aggregate =
          shares.length === 1
            ? (shares[0] as BucketPart)[key]
            : sumAggregates(
                table,
                shares.map((s) => s[key]),
              );
        await replacePartition(store, table, dt, aggregate.columns, aggregate.rows, () => lease.check());
      }
      outcome.duplicatesDropped = outcome.rowsStaged - outcome.rowsWritten;
      outcome.keysWritten = written.keys;
      return outcome;
    },
    deps.lease,
  );
}

/** Rows per team of the day as it is stored now (only the team column is decoded). */
async function teamCounts(store: ObjectStore, dt: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const o of store.list(partitionPrefix(bedrockInvocations, dt))) {
    if (!o.key.endsWith('.parquet')) continue;
    const { columns } = await decodeParquetColumns(await store.getBytes(o.key), ['team']);
    for (const team of (columns.team ?? []) as string[]) counts[team] = (counts[team] ?? 0) + 1;
  }
  return counts;
}
