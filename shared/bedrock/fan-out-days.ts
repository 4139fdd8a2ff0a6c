import type { AppConfig } from '../config';
import { mapLimit } from '../io/map-limit';
import type { LeaseOptions } from '../lake/lease';
import type { Clock, ModelResolver, ObjectStore, ObjectStoreStats } from '../ports';
import { type CompactOutcome, compactDay } from './compact';
import { BedrockIngestError } from './errors';
import { getJson, putJson, RunStateError, runKeys } from './fan-out-state';
import { createModelNormalizer } from './normalize-model';
import { type DayCounts, subtractStats } from './run-summary';
import type { PieceRecord } from './stage-piece';

/** Days a run may hand to its compaction step inline (10 years: far below the 256 KB payload). */
export const MAX_DAYS = 3_660;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every piece record of a run, in piece order. */
export async function readPieceRecords(store: ObjectStore, runId: string): Promise<PieceRecord[]> {
  const keys = runKeys(runId);
  const listed: string[] = [];
  for await (const o of store.list(keys.pieces)) if (o.key.endsWith('.json')) listed.push(o.key);
  listed.sort();
  const records = await mapLimit(listed, 16, (key) => getJson<PieceRecord>(store, key));
  return records.filter((r): r is PieceRecord => r !== undefined);
}

/**
 * The days the run's pieces changed, sorted: what the compaction step rebuilds. Small enough to
 * return inline (a day is 12 bytes); refuses more than `MAX_DAYS`.
 */
export async function changedDays(store: ObjectStore, runId: string): Promise<string[]> {
  const days = new Set<string>();
  for (const r of await readPieceRecords(store, runId))
    for (const o of r.outcomes) for (const dt of o.daysChanged) days.add(dt);
  if (days.size > MAX_DAYS)
    throw new RunStateError(`run ${runId} changed ${days.size} days, more than ${MAX_DAYS} in one run`);
  return [...days].sort();
}

/** A day that is not `YYYY-MM-DD`. */
export class InvalidDayError extends BedrockIngestError {
  override name = 'InvalidDayError';
}

/** What a rebuilt day recorded (`days/<dt>.json`) for the commit. */
export interface DayRecord extends DayCounts {
  dt: string;
  rowsStaged: number;
  requests: ObjectStoreStats;
}

export interface CompactRunDayDeps {
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  resolver?: ModelResolver;
  lease?: LeaseOptions;
  bucketBytes?: number;
}

/**
 * Rebuilds one day the run changed (the same `compactDay` as the single run, under the day's
 * lease, from everything staged for it at that moment) and records it for the commit. Running it
 * again gives the same partition, byte for byte.
 */
export async function compactRunDay(
  deps: CompactRunDayDeps,
  runId: string,
  dt: string,
): Promise<CompactOutcome> {
  if (!DAY.test(dt)) throw new InvalidDayError(`not a day: ${JSON.stringify(dt)}`);
  const before = { ...deps.store.stats };
  const outcome = await compactDay(dt, {
    store: deps.store,
    clock: deps.clock,
    attribution: deps.config.attribution,
    normalizeModel: createModelNormalizer(deps.config, deps.resolver),
    lease: deps.lease,
    bucketBytes: deps.bucketBytes,
  });
  const { keysWritten: _keys, teams: _teams, ...counts } = outcome;
  const record: DayRecord = { ...counts, requests: subtractStats(deps.store.stats, before) };
  await putJson(deps.store, runKeys(runId).day(dt), record);
  return outcome;
}
