import type { AttributionConfig } from '../config';
import { type LeaseOptions, withLease } from '../lake/lease';
import { decodeParquetColumns, type LakeValue } from '../lake/parquet';
import { PartitionWriter, partitionPrefix, replacePartition } from '../lake/partition-writer';
import { bedrockInvocations, usageHourly } from '../lake/tables';
import type { Clock, ObjectInfo, ObjectStore } from '../ports';
import { type Attribution, createAttributor } from './attribution';
import { IdentityAggregate } from './identity-aggregate';
import { type MergedBucket, mergeBucket, STAGED_READ, type StagedInMemory } from './merge-staged';
import type { ModelNormalizer } from './normalize-model';
import { bucketObjects, clearShuffle, shuffleExtracts, shufflePrefix } from './shuffle-day';
import { STAGE_ROOT } from './stage-paths';
import { UsageAggregate } from './usage-aggregate';

/**
 * Staged bytes (uncompressed Parquet) merged in one pass. A larger day is merged in request_id hash
 * buckets, one pass each, so memory stays bounded however many invocations a day holds: its
 * staged rows are first split into bucket objects in one read (`shuffleExtracts`), then each
 * bucket is merged from its own objects, so the rebuild time grows linearly with the day.
 */
export const BUCKET_STAGED_BYTES = 6 * 1024 * 1024;

/** Which staged bytes make how many buckets (the same in one process and fanned out). */
export const bucketsFor = (stagedBytes: number, bucketBytes = BUCKET_STAGED_BYTES): number =>
  Math.max(1, Math.ceil(stagedBytes / bucketBytes));

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
  /** Overrides `BUCKET_STAGED_BYTES` (tests). */
  bucketBytes?: number;
  /** Overrides `SHUFFLE_GROUP_BYTES` (tests). */
  groupBytes?: number;
  lease?: LeaseOptions;
}

/** Staged columns carried over unchanged into the curated table (tags become team, feature, environment). */
const CARRIED = STAGED_READ.filter((c) => c !== 'request_metadata');

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
      const staged: ObjectInfo[] = [];
      for await (const o of store.list(`${STAGE_ROOT}/dt=${dt}/`))
        if (o.key.endsWith('.parquet')) staged.push(o);
      staged.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const bytes = staged.reduce((n, o) => n + o.size, 0);
      const buckets = bucketsFor(bytes, deps.bucketBytes);
      // Held under the day's lease: one rebuild of the day at a time uses it.
      const shuffled = shufflePrefix(dt, 'local');
      if (buckets > 1) {
        await clearShuffle(store, shuffled); // what a crashed rebuild left
        await shuffleExtracts(store, staged, {
          prefix: shuffled,
          buckets,
          step: 0,
          written: deps.written,
          groupBytes: deps.groupBytes,
          beforeWrite: () => lease.check(),
        });
      }

      const previousTeams = deps.countPrevious ? await teamCounts(store, dt) : undefined;
      const writer = new PartitionWriter(store, bedrockInvocations, dt, () => lease.check());
      const usage = new UsageAggregate();
      const identities = new IdentityAggregate();
      const attribute = createAttributor(deps.attribution);
      const who = new Map<string, Attribution>();
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
      for (let b = 0; b < buckets; b++) {
        const merged =
          buckets === 1
            ? await mergeBucket(store, staged, 0, 1, deps.written)
            : await mergeBucket(store, await bucketObjects(store, shuffled, b), 0, 1, undefined);
        const out = await curatedColumns(merged, deps.normalizeModel, (tags, identity) => {
          const cacheKey = `${tags ?? ''}\u0000${identity ?? ''}`;
          let a = who.get(cacheKey);
          if (!a) {
            a = attribute(tags ? (JSON.parse(tags) as Record<string, unknown>) : undefined, identity);
            who.set(cacheKey, a);
          }
          return a;
        });
        if (merged.rows > 0) await writer.add(out, merged.rows);
        usage.add(out, merged.rows);
        identities.add(out, merged.rows);
        for (const team of out.team as string[]) outcome.teams[team] = (outcome.teams[team] ?? 0) + 1;
        outcome.rowsStaged += merged.rowsStaged;
        outcome.rowsWritten += merged.rows;
        outcome.conflictingDuplicates += merged.conflicts;
      }
      const written = await writer.finish();
      if (buckets > 1) await clearShuffle(store, shuffled);
      // The day's aggregate, under the same lease: it always matches the day just written.
      const aggregate = usage.columns();
      await replacePartition(store, usageHourly, dt, aggregate.columns, aggregate.rows, () => lease.check());
      await identities.write(store, dt, () => lease.check());
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

/** The curated columns of a merged bucket, sorted by (event_time, request_id). */
async function curatedColumns(
  merged: MergedBucket,
  normalizeModel: ModelNormalizer,
  attribute: (tags: string | null, identity: string | null) => Attribution,
): Promise<Record<string, LakeValue[]>> {
  const n = merged.rows;
  const cols = merged.columns;
  const times = cols.event_time as number[];
  const ids = cols.request_id as string[];
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const d = (times[a] as number) - (times[b] as number);
    if (d !== 0) return d;
    return (ids[a] as string) < (ids[b] as string) ? -1 : 1;
  });
  const out: Record<string, LakeValue[]> = Object.fromEntries(
    bedrockInvocations.columns.map((c) => [c.name, new Array<LakeValue>(n)]),
  );
  for (const c of CARRIED) {
    const from = cols[c] as LakeValue[];
    const to = out[c] as LakeValue[];
    for (let j = 0; j < n; j++) to[j] = from[order[j] as number] ?? null;
  }
  const metadata = cols.request_metadata as (string | null)[];
  const identities = cols.identity_arn as (string | null)[];
  const modelIds = cols.model_id as string[];
  const models = new Map<string, string>();
  const outModel = out.model as LakeValue[];
  const outTeam = out.team as LakeValue[];
  const outFeature = out.feature as LakeValue[];
  const outEnvironment = out.environment as LakeValue[];
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const modelId = modelIds[i] as string;
    let model = models.get(modelId);
    if (model === undefined) {
      model = await normalizeModel(modelId);
      models.set(modelId, model);
    }
    outModel[j] = model;
    const a = attribute(metadata[i] ?? null, identities[i] ?? null);
    outTeam[j] = a.team;
    outFeature[j] = a.feature;
    outEnvironment[j] = a.environment;
  }
  return out;
}
