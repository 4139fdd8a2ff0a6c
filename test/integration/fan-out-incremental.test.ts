import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { compactDay } from '../../shared/bedrock/compact';
import { groupOfObject, KEPT_SCOPE, readKept, unitHourOf } from '../../shared/bedrock/day-groups';
import { finishDayBuild, mergeDayStep } from '../../shared/bedrock/fan-out-day-merge';
import {
  cutDay,
  type DaySizing,
  extractPrint,
  planDayBuild,
  shuffleDayStep,
} from '../../shared/bedrock/fan-out-day-plan';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { shuffleFlushes, shufflePrefix } from '../../shared/bedrock/shuffle-day';
import { listStaged } from '../../shared/bedrock/stage-paths';
import { bedrockStage } from '../../shared/bedrock/stage-table';
import { type AppConfig, parseConfig } from '../../shared/config';
import { fanOutDayRequests, type KeptDay } from '../../shared/estimate/day-requests';
import { decodeParquet, encodeParquet } from '../../shared/lake/parquet';
import { fixedClock, type ObjectStore } from '../../shared/ports';
import { generateSyntheticLogs } from '../../src/demo';

const DT = '2026-03-02';
/** Late in the day itself: the day is the current one, whose bucket objects are kept between rebuilds. */
const clock = fixedClock(`${DT}T23:30:00Z`);
const SIZING: DaySizing = { oneStepBytes: 0, bucketBytes: 200_000, stepBytes: 150_000, groupBytes: 60_000 };

let dir = '';
let config: AppConfig;
let store: FolderStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fan-out-incremental-'));
  const logs = new FolderStore(join(dir, 'logs'));
  const truth = await generateSyntheticLogs((key, body) => logs.put(key, body), {
    seed: 37,
    start: new Date(`${DT}T00:00:00Z`),
    hours: 23,
    invocationsPerHour: 60,
    bodies: 'small',
    faults: { duplicates: 10, lateArrivals: 0, badLines: 0, bodyObjects: false },
  });
  config = parseConfig(truth.config);
  store = new FolderStore(join(dir, 'lake'));
  const window = { from: new Date(`${DT}T00:00:00Z`), to: new Date(`${DT}T23:00:00Z`) };
  await ingestBedrockLogs({ source: logs, store, config, clock }, { window });
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every object under `prefix`: key → its bytes (base64). */
async function bytesUnder(s: ObjectStore, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const o of s.list(prefix)) out[o.key] = Buffer.from(await s.getBytes(o.key)).toString('base64');
  return out;
}
const tables = async () => ({
  invocations: await bytesUnder(store, `bedrock_invocations/dt=${DT}/`),
  usage: await bytesUnder(store, `usage_hourly/dt=${DT}/`),
  identities: await bytesUnder(store, `identity_daily/dt=${DT}/`),
});

/** One fanned-out rebuild of the day: its store requests, and the bucket objects its shuffle steps wrote. */
async function rebuild(runId: string) {
  const deps = { store, config, clock, ...SIZING };
  const before = { ...store.stats };
  const steps = await planDayBuild(deps, runId, DT);
  const puts = store.stats.putRequests;
  let objects = 0;
  for (const n of steps.shuffleSteps) objects += (await shuffleDayStep(deps, runId, DT, n)).objectsWritten;
  const shufflePuts = store.stats.putRequests - puts;
  for (const n of steps.mergeSteps) await mergeDayStep(deps, runId, DT, n);
  await finishDayBuild(deps, runId, DT);
  const s = store.stats;
  return {
    steps,
    objects,
    shufflePuts,
    requests: {
      put: s.putRequests - before.putRequests,
      get: s.getRequests - before.getRequests,
      list: s.listRequests - before.listRequests,
      delete: s.deleteRequests - before.deleteRequests,
    },
  };
}

describe('a recent day rebuilt again in a fan-out reuses the bucket objects of its unchanged hours', () => {
  it('shuffles only the changed hour’s group, writes the tables of a one-process rebuild, and keeps only live groups', {
    timeout: 180_000,
  }, async () => {
    const first = await rebuild('first');
    const prints = (await listStaged(store, DT)).map(extractPrint);
    const cut = cutDay(prints, SIZING);
    expect(cut.groups.length).toBeGreaterThan(10); // one an hour
    expect(first.steps.shuffleSteps).toHaveLength(cut.groups.length);
    expect(first.shufflePuts).toBe(first.objects);
    const kept = await readKept(store, DT);
    expect(kept.kept).toEqual({ buckets: cut.buckets, groups: cut.groups.map((g) => g.id) });

    // One extract of hour 10 re-staged with one more invocation (a late object): its hour changed.
    const changed = prints.find(([key]) => unitHourOf(key).endsWith('10'));
    if (!changed) throw new Error('no extract of hour 10');
    const rows = await decodeParquet(await store.getBytes(changed[0]));
    const late = { ...(rows[0] as Record<string, unknown>), request_id: 'late-arrival-0001' };
    await store.put(changed[0], encodeParquet(bedrockStage, [...rows, late], { uncompressed: true }));
    const now = (await listStaged(store, DT)).map(extractPrint);
    const recut = cutDay(now, SIZING, kept.kept);
    expect(recut.buckets).toBe(cut.buckets);
    const hour = recut.groups.filter((g) => g.extracts.some((i) => now[i]?.[0] === changed[0]));
    expect(recut.shuffles.map((i) => recut.groups[i])).toEqual(hour);

    const second = await rebuild('second');
    // Only that hour's group: its flushes x the buckets, all the shuffle's PUTs.
    const flushes = shuffleFlushes(
      (hour[0]?.extracts ?? []).map((i) => now[i]?.[1] ?? 0),
      SIZING.groupBytes,
    );
    expect(second.steps.shuffleSteps).toHaveLength(1);
    expect(second.shufflePuts).toBe(flushes * recut.buckets);
    expect(second.shufflePuts).toBeLessThan(first.shufflePuts / 5);
    // The estimate's formula for a kept day, from the first rebuild's groups, counts every request.
    const objects: Record<string, number> = {};
    for (const g of cut.groups)
      objects[g.id] =
        shuffleFlushes(
          g.extracts.map((i) => prints[i]?.[1] ?? 0),
          SIZING.groupBytes,
        ) * cut.buckets;
    const previous: KeptDay = { kept: kept.kept as NonNullable<typeof kept.kept>, objects };
    const predicted = fanOutDayRequests(now, SIZING, { previous });
    expect(second.requests).toEqual({
      put: predicted.put,
      get: predicted.get,
      list: predicted.list,
      delete: predicted.delete,
    });

    // The kept folder holds the live groups only: the replaced group's objects are gone.
    const left = new Set<string>();
    for await (const o of store.list(shufflePrefix(DT, KEPT_SCOPE))) {
      const id = groupOfObject(o.key);
      if (id) left.add(id);
    }
    expect([...left].sort()).toEqual(recut.groups.map((g) => g.id).sort());

    // Byte for byte what one process writes from the same staged data.
    const fanned = await tables();
    expect(Object.keys(fanned.invocations)).toHaveLength(cut.buckets);
    await compactDay(DT, {
      store,
      clock,
      attribution: config.attribution,
      normalizeModel: createModelNormalizer(config),
      bucketBytes: SIZING.bucketBytes,
      groupBytes: 5_000,
    });
    expect(await tables()).toEqual(fanned);
  });
});
