import type { ObjectInfo, ObjectStore } from '../ports';
import { BUCKET_STAGED_BYTES, bucketsFor } from './compact';
import {
  type DayGroup,
  type ExtractPrint,
  groupExtracts,
  KEPT_SCOPE,
  type KeptGroups,
  keepsShuffle,
  readKept,
} from './day-groups';
import { type CompactRunDayDeps, compactRunDay, InvalidDayError } from './fan-out-days';
import { getJson, putJson, RunStateError, runPrefix } from './fan-out-state';
import { clearShuffle, type ShuffleOutcome, shuffleExtracts, shufflePrefix } from './shuffle-day';
import { listStaged } from './stage-paths';

/** A day with at most these staged bytes (about 3.8M invocations, ~1.5 minutes) is rebuilt by one step, as before. */
export const ONE_STEP_BYTES = 256 * 1024 * 1024;
/** Staged bytes one shuffle step reads, or one merge step merges (about 7.6M rows, ~1–2 minutes of one vCPU). */
export const STEP_BYTES = 512 * 1024 * 1024;
/** Staged bytes a fanned-out shuffle holds before writing its bucket objects (the function has 1,769 MB; decoded rows take ~10×). */
export const FAN_OUT_GROUP_BYTES = 64 * 1024 * 1024;

/** How a fanned-out day is cut (defaults above; tests make them small). */
export interface DaySizing {
  oneStepBytes?: number;
  stepBytes?: number;
  bucketBytes?: number;
  groupBytes?: number;
}

export type DayBuildDeps = CompactRunDayDeps & DaySizing;

/** A large day's rebuild, cut into steps: the extracts listed, the buckets, the groups, the steps. */
export interface DayBuildPlan {
  dt: string;
  /** The staged extracts as listed when planned: the finish step checks they are still the day's. */
  extracts: ExtractPrint[];
  buckets: number;
  /** Where the day's bucket objects are: `kept` between rebuilds (a recent day), else the run's id. */
  scope: string;
  /** Every group of the day, whose bucket objects the merge steps read. */
  groups: DayGroup[];
  /** The groups the shuffle steps write (one each); the others' objects are kept from an earlier rebuild. */
  shuffles: number[];
  /** Bucket ranges [from, to) of the merge steps. */
  merges: [number, number][];
  /** The kept groups' manifest ETag when planned: a rebuild finished since (it changed) plans the day again. */
  keptEtag?: string;
}

/** What the day's plan step returns to the state machine: the steps to map over (none: rebuilt already). */
export interface DayBuildSteps {
  dt: string;
  shuffleSteps: number[];
  mergeSteps: number[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Keys of one large day's rebuild in a run (removed when the day is written). */
export const buildKeys = (runId: string, dt: string) => {
  if (!DAY.test(dt)) throw new InvalidDayError(`not a day: ${JSON.stringify(dt)}`);
  const root = `${runPrefix(runId)}build/${dt}/`;
  return {
    root,
    plan: `${root}plan.json`,
    merge: (j: number) => `${root}merges/${String(j).padStart(6, '0')}.json`,
    part: (b: number) => `${root}parts/part-${String(b).padStart(5, '0')}.parquet`,
    /** Merge step `j`'s share of a day aggregate (`usage_hourly`, `identity_daily`). */
    share: (table: string, j: number) => `${root}${table}/${String(j).padStart(6, '0')}.parquet`,
  };
};

/** The fingerprint of a listed extract: what tells that it was re-staged since. */
export const extractPrint = (o: ObjectInfo): ExtractPrint => [
  o.key,
  o.size,
  o.etag ?? o.lastModified?.toISOString() ?? '',
];

/** How a day of these extracts is cut: its buckets, its groups, those to shuffle, the merge steps. */
interface DayCut {
  /** False: the day is rebuilt by one step (`compactRunDay`), with no shuffle or merge steps. */
  large: boolean;
  buckets: number;
  groups: DayGroup[];
  /** Indices of the groups to shuffle: those not kept from the previous rebuild at the same bucket count. */
  shuffles: number[];
  merges: [number, number][];
}

/**
 * Cuts a day of staged extracts (in key order) into steps, as `planDayBuild` does: pure, so the
 * pipeline's own cost estimate counts the steps and requests a rebuild makes from it. Groups the
 * previous rebuild left (`kept`, at the same bucket count) are not shuffled again.
 */
export function cutDay(prints: readonly ExtractPrint[], sizing: DaySizing = {}, kept?: KeptGroups): DayCut {
  const bytes = prints.reduce((n, p) => n + p[1], 0);
  if (bytes <= (sizing.oneStepBytes ?? ONE_STEP_BYTES))
    return { large: false, buckets: 0, groups: [], shuffles: [], merges: [] };
  const bucketBytes = sizing.bucketBytes ?? BUCKET_STAGED_BYTES;
  const stepBytes = sizing.stepBytes ?? STEP_BYTES;
  const buckets = bucketsFor(bytes, bucketBytes);
  const perStep = Math.max(1, Math.floor(stepBytes / bucketBytes));
  const merges: [number, number][] = [];
  for (let b = 0; b < buckets; b += perStep) merges.push([b, Math.min(buckets, b + perStep)]);
  const groups = groupExtracts(prints, buckets, stepBytes);
  const reused = new Set(kept?.buckets === buckets ? kept.groups : []);
  const shuffles = groups.flatMap((g, i) => (reused.has(g.id) ? [] : [i]));
  return { large: true, buckets, groups, shuffles, merges };
}

/**
 * Plans the rebuild of one day the run changed. A day of up to `ONE_STEP_BYTES` staged is rebuilt
 * here (`compactRunDay`) and no steps are returned. A larger one is cut into shuffle steps (groups
 * of extracts by hour, each split into bucket objects) and merge steps (ranges of buckets, each
 * merged and written as part files), which the state machine maps over before the finish step writes
 * the day under its lease. A recent day keeps its bucket objects between rebuilds: only the groups
 * changed since the last finished rebuild (at the same bucket count) are shuffled again. Planning
 * again (a retry, or a day re-staged meanwhile) plans the day afresh.
 */
export async function planDayBuild(deps: DayBuildDeps, runId: string, dt: string): Promise<DayBuildSteps> {
  const keys = buildKeys(runId, dt);
  const { store } = deps;
  const staged = await listStaged(store, dt);
  await clearDayBuild(store, runId, dt);
  const prints = staged.map(extractPrint);
  const keep = keepsShuffle(dt, deps.clock.now());
  const { etag, kept } = keep ? await readKept(store, dt) : {};
  const cut = cutDay(prints, deps, kept);
  if (!cut.large) {
    await compactRunDay(deps, runId, dt);
    return { dt, shuffleSteps: [], mergeSteps: [] };
  }
  const plan: DayBuildPlan = {
    dt,
    extracts: prints,
    buckets: cut.buckets,
    scope: keep ? KEPT_SCOPE : runId,
    groups: cut.groups,
    shuffles: cut.shuffles,
    merges: cut.merges,
    ...(etag !== undefined ? { keptEtag: etag } : {}),
  };
  await putJson(store, keys.plan, plan);
  return { dt, shuffleSteps: plan.shuffles.map((_, i) => i), mergeSteps: plan.merges.map((_, j) => j) };
}

/** A step's day plan; a step without one (the day was finished, or never planned) fails. */
export async function readDayPlan(store: ObjectStore, runId: string, dt: string): Promise<DayBuildPlan> {
  const plan = await getJson<DayBuildPlan>(store, buildKeys(runId, dt).plan);
  if (!plan) throw new RunStateError(`run ${runId}: day ${dt} has no rebuild plan`);
  return plan;
}

/** Shuffle step `step` of a planned day: its group's extracts split into bucket objects named by the group. */
export async function shuffleDayStep(
  deps: DayBuildDeps,
  runId: string,
  dt: string,
  step: number,
): Promise<ShuffleOutcome> {
  const plan = await readDayPlan(deps.store, runId, dt);
  const group = plan.groups[plan.shuffles[step] ?? -1];
  if (!group) throw new RunStateError(`run ${runId}: day ${dt} has no shuffle step ${step}`);
  const extracts = group.extracts.map((i) => {
    const [key, size] = plan.extracts[i] as ExtractPrint;
    return { key, size };
  });
  return shuffleExtracts(deps.store, extracts, {
    prefix: shufflePrefix(dt, plan.scope),
    buckets: plan.buckets,
    step,
    group: group.id,
    groupBytes: deps.groupBytes ?? FAN_OUT_GROUP_BYTES,
  });
}

/** Removes what a large day's rebuild in this run keeps between its steps. */
async function clearDayBuild(store: ObjectStore, runId: string, dt: string): Promise<void> {
  await clearShuffle(store, shufflePrefix(dt, runId));
  await clearShuffle(store, buildKeys(runId, dt).root);
}
