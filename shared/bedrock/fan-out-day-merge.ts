import { mapLimit } from '../io/map-limit';
import { withLease } from '../lake/lease';
import { decodeParquetColumns, encodeParquetColumns } from '../lake/parquet';
import { PartitionWriter, replacePartition } from '../lake/partition-writer';
import { bedrockInvocations, identityDaily, type TableDef, usageHourly } from '../lake/tables';
import { sumAggregates } from './aggregate-merge';
import { type BucketPart, mergeBucketPart } from './bucket-part';
import type { CompactOutcome } from './compact';
import { createCurator } from './curate-bucket';
import { groupOfObject, KEPT_SCOPE, keepGroups, keptChanged } from './day-groups';
import { BedrockIngestError } from './errors';
import {
  buildKeys,
  type DayBuildDeps,
  type DayBuildPlan,
  extractPrint,
  readDayPlan,
} from './fan-out-day-plan';
import type { DayRecord } from './fan-out-days';
import { getJson, putJson, RunStateError, runKeys } from './fan-out-state';
import { createModelNormalizer } from './normalize-model';
import { subtractStats } from './run-summary';
import { bucketObjects, clearShuffle, shufflePrefix } from './shuffle-day';
import { listStaged } from './stage-paths';

/** The day's staged extracts changed between its plan and its finish: the day is planned again. */
export class StaleDayError extends BedrockIngestError {
  override name = 'StaleDayError';
}

/** What a merge step recorded for the finish step. */
interface MergeRecord {
  rowsStaged: number;
  rowsWritten: number;
  conflicts: number;
  teams: Record<string, number>;
  /** Rows of each bucket written as a part (empty buckets are left out). */
  parts: [number, number][];
}

/**
 * Merge step `step` of a planned day: each of its buckets merged from its own bucket objects
 * (deduplicated, attributed, sorted, as `compactDay` does), encoded as the part file the day will
 * hold, with the step's shares of `usage_hourly` and `identity_daily`. Writes only the run's own state: the day itself is
 * replaced once, under its lease, by `finishDayBuild`. A retry writes the same objects again.
 */
export async function mergeDayStep(
  deps: DayBuildDeps,
  runId: string,
  dt: string,
  step: number,
): Promise<{ rowsWritten: number }> {
  const { store } = deps;
  const plan = await readDayPlan(store, runId, dt);
  const range = plan.merges[step];
  if (!range) throw new RunStateError(`run ${runId}: day ${dt} has no merge step ${step}`);
  const keys = buildKeys(runId, dt);
  const curate = createCurator(deps.config.attribution, createModelNormalizer(deps.config, deps.resolver));
  const shares: Pick<BucketPart, 'usage' | 'identities'>[] = [];
  const record: MergeRecord = { rowsStaged: 0, rowsWritten: 0, conflicts: 0, teams: {}, parts: [] };
  // Only the plan's groups: a kept day's folder may still hold objects of groups a rebuild replaced.
  const planned = new Set(plan.groups.map((g) => g.id));
  const inPlan = (key: string) => planned.has(groupOfObject(key) ?? '');
  for (let b = range[0]; b < range[1]; b++) {
    const part = await mergeBucketPart(
      store,
      await bucketObjects(store, shufflePrefix(dt, plan.scope), b, inPlan),
      curate,
    );
    // A bucket holds at most BUCKET_STAGED_BYTES of staged rows, far below a part's rows: one part or none.
    const [only, more] = part.parts;
    if (more) throw new RunStateError(`day ${dt}: bucket ${b} is larger than one part`);
    if (only) {
      await store.put(keys.part(b), only.bytes);
      record.parts.push([b, only.rows]);
    }
    shares.push(part);
    for (const [team, n] of Object.entries(part.teams)) record.teams[team] = (record.teams[team] ?? 0) + n;
    record.rowsStaged += part.rowsStaged;
    record.rowsWritten += part.rows;
    record.conflicts += part.conflicts;
  }
  for (const [table, key] of [
    [usageHourly, 'usage'],
    [identityDaily, 'identities'],
  ] as const) {
    const share = sumAggregates(
      table,
      shares.map((s) => s[key]),
    );
    await store.put(
      keys.share(table.name, step),
      encodeParquetColumns(table, share.columns, { uncompressed: true }),
    );
  }
  await putJson(store, keys.merge(step), record);
  return { rowsWritten: record.rowsWritten };
}

/**
 * Writes a planned day from its merge steps' parts, under the day's lease: checks the day's staged
 * extracts are still those planned (else `StaleDayError`: a unit was re-staged meanwhile, and the
 * day must be planned again so that it holds everything staged before it is written), replaces
 * the partition with the parts in bucket order and `usage_hourly` and `identity_daily` with the summed shares, records
 * the day for the commit and removes the day's rebuild state. A recent day's bucket objects are kept
 * for its next rebuild (its groups recorded, replaced groups' objects removed); a rebuild that finished
 * since the plan (the record changed) is also a `StaleDayError`. A retry once finished changes nothing.
 */
export async function finishDayBuild(
  deps: DayBuildDeps,
  runId: string,
  dt: string,
): Promise<{ dt: string; rowsWritten: number }> {
  const { store } = deps;
  const before = { ...store.stats };
  const keys = buildKeys(runId, dt);
  const plan = await getJson<DayBuildPlan>(store, keys.plan);
  if (!plan) {
    // Finished already (a retry after the clean-up): the day's record says so.
    const done = await getJson<DayRecord>(store, runKeys(runId).day(dt));
    if (done) return { dt, rowsWritten: done.rowsWritten };
    throw new RunStateError(`run ${runId}: day ${dt} has no rebuild plan`);
  }
  const outcome = await withLease(
    store,
    deps.clock,
    `${bedrockInvocations.name}/dt=${dt}`,
    async (lease) => {
      const now = JSON.stringify((await listStaged(store, dt)).map(extractPrint));
      if (now !== JSON.stringify(plan.extracts))
        throw new StaleDayError(`day ${dt} was re-staged since its rebuild was planned: plan it again`);
      // Another rebuild finished since the plan: it may have removed kept groups this one reads.
      const kept = plan.scope === KEPT_SCOPE;
      const groups = { buckets: plan.buckets, groups: plan.groups.map((g) => g.id) };
      if (kept && (await keptChanged(store, dt, plan.keptEtag, groups)))
        throw new StaleDayError(`day ${dt} was rebuilt since this rebuild was planned: plan it again`);
      const records = await mapLimit(
        plan.merges.map((_, j) => j),
        16,
        (j) => getJson<MergeRecord>(store, keys.merge(j)),
      );
      if (records.some((r) => r === undefined))
        throw new RunStateError(`run ${runId}: day ${dt} is missing merge steps`);
      const merged = records as MergeRecord[];
      const writer = new PartitionWriter(store, bedrockInvocations, dt, () => lease.check());
      for (const [b, rows] of merged.flatMap((r) => r.parts))
        await writer.addEncoded(await store.getBytes(keys.part(b)), rows);
      const written = await writer.finish();
      // The day's aggregates from the steps' shares, under the same lease as the day.
      for (const table of [usageHourly, identityDaily] as TableDef[]) {
        const shares = await mapLimit(
          plan.merges.map((_, j) => j),
          8,
          async (j) => decodeParquetColumns(await store.getBytes(keys.share(table.name, j))),
        );
        const aggregate = sumAggregates(table, shares);
        await replacePartition(store, table, dt, aggregate.columns, aggregate.rows, () => lease.check());
      }
      // The day's groups, for the next rebuild to reuse (under the lease: one manifest writer at a time).
      if (kept) await keepGroups(store, dt, groups);
      const teams: Record<string, number> = {};
      for (const r of merged)
        for (const [team, n] of Object.entries(r.teams)) teams[team] = (teams[team] ?? 0) + n;
      const rowsStaged = merged.reduce((n, r) => n + r.rowsStaged, 0);
      const rowsWritten = merged.reduce((n, r) => n + r.rowsWritten, 0);
      const result: CompactOutcome = {
        dt,
        rowsStaged,
        rowsWritten,
        duplicatesDropped: rowsStaged - rowsWritten,
        conflictingDuplicates: merged.reduce((n, r) => n + r.conflicts, 0),
        keysWritten: written.keys,
        teams: Object.fromEntries(Object.entries(teams).sort(([a], [b]) => (a < b ? -1 : 1))),
      };
      return result;
    },
    deps.lease,
  );
  const { keysWritten: _keys, teams: _teams, ...counts } = outcome;
  const record: DayRecord = { ...counts, requests: subtractStats(store.stats, before) };
  await putJson(store, runKeys(runId).day(dt), record);
  if (plan.scope !== KEPT_SCOPE) await clearShuffle(store, shufflePrefix(dt, runId));
  await clearShuffle(store, keys.root);
  return { dt, rowsWritten: outcome.rowsWritten };
}
