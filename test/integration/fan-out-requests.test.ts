import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { BUILD_SETTINGS_KEY } from '../../shared/bedrock/build-settings';
import { compactDay } from '../../shared/bedrock/compact';
import { commitRun } from '../../shared/bedrock/fan-out-commit';
import { finishDayBuild, mergeDayStep } from '../../shared/bedrock/fan-out-day-merge';
import {
  cutDay,
  type DaySizing,
  extractPrint,
  planDayBuild,
  shuffleDayStep,
} from '../../shared/bedrock/fan-out-day-plan';
import { changedDays } from '../../shared/bedrock/fan-out-days';
import { type PieceItem, planFanOut } from '../../shared/bedrock/fan-out-plan';
import { getJson, runKeys } from '../../shared/bedrock/fan-out-state';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { subtractStats } from '../../shared/bedrock/run-summary';
import { listStaged } from '../../shared/bedrock/stage-paths';
import { stagePiece } from '../../shared/bedrock/stage-piece';
import { type AppConfig, parseConfig } from '../../shared/config';
import { compactDayRequests, fanOutDayRequests, fanOutRunRequests } from '../../shared/estimate/day-requests';
import { fixedClock, type ObjectStore, type ObjectStoreStats } from '../../shared/ports';
import { generateSyntheticLogs } from '../../src/demo';

const NOW = '2026-03-06T12:00:00Z';
const clock = fixedClock(NOW);
/**
 * Small sizes, so that the test's day (~2,000 rows) is "large": 4 buckets, shuffle steps (one an
 * hour) and merge steps; each hour's group holds ~80 rows, so every bucket gets rows in it, as at scale.
 */
const SIZING: DaySizing = { oneStepBytes: 0, bucketBytes: 200_000, stepBytes: 150_000, groupBytes: 60_000 };

let dir = '';
let config: AppConfig;
const logs = () => new FolderStore(join(dir, 'logs'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fan-out-requests-'));
  const raw = logs();
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 31,
    start: new Date('2026-03-02T00:00:00Z'),
    hours: 48,
    invocationsPerHour: 60,
    bodies: 'small',
    faults: { duplicates: 10, lateArrivals: 0, badLines: 0, bodyObjects: false },
  });
  config = parseConfig(truth.config);
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The store's requests made by `work`. */
async function counted<T>(store: ObjectStore, work: () => Promise<T>): Promise<[T, ObjectStoreStats]> {
  const before = { ...store.stats };
  const out = await work();
  return [out, subtractStats(store.stats, before)];
}

const requestsOf = (s: ObjectStoreStats) => ({
  put: s.putRequests,
  get: s.getRequests,
  list: s.listRequests,
  delete: s.deleteRequests,
});

describe('the request counts of the pipeline cost estimate (on the local store)', () => {
  it('predicts a fanned-out run: its own state, and a large day rebuilt in shuffle, merge and finish steps', {
    timeout: 180_000,
  }, async () => {
    const store = new FolderStore(join(dir, 'fanned'));
    const deps = { source: logs(), store, config, clock };
    const runId = 'counted';
    const window = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') };
    const [, plan] = await counted(store, () => planFanOut(deps, { runId, window, pieceHours: 6 }));
    const items = (await getJson<PieceItem[]>(store, runKeys(runId).items)) ?? [];
    expect(items).toHaveLength(4);
    let pieceState = requestsOf(subtractStats(plan, plan));
    let manifests = 0;
    for (const item of items) {
      const [record, all] = await counted(store, () => stagePiece(deps, item));
      // What the piece's staging made (the single run's counts) is recorded apart from its own state.
      const own = requestsOf(subtractStats(all, record.requests.store));
      pieceState = {
        put: pieceState.put + own.put,
        get: pieceState.get + own.get,
        list: pieceState.list + own.list,
        delete: pieceState.delete + own.delete,
      };
      manifests += record.outcomes.filter((o) => o.manifest).length;
    }
    const [days, listing] = await counted(store, () => changedDays(store, runId));
    expect(days).toEqual(['2026-03-02']);

    const dt = '2026-03-02';
    const prints = (await listStaged(store, dt)).map(extractPrint);
    const cut = cutDay(prints, SIZING);
    expect(cut.buckets).toBeGreaterThan(3);
    expect(cut.shuffles.length).toBeGreaterThan(1); // one group an hour at most
    expect(cut.merges.length).toBeGreaterThan(1);
    const day = { ...deps, ...SIZING };
    let objects = 0;
    const [, rebuild] = await counted(store, async () => {
      const steps = await planDayBuild(day, runId, dt);
      for (const n of steps.shuffleSteps) objects += (await shuffleDayStep(day, runId, dt, n)).objectsWritten;
      for (const n of steps.mergeSteps) await mergeDayStep(day, runId, dt, n);
      await finishDayBuild(day, runId, dt);
    });
    const predicted = fanOutDayRequests(prints, SIZING);
    expect(objects).toBe(predicted.shuffleObjects);
    expect(requestsOf(rebuild)).toEqual({
      put: predicted.put,
      get: predicted.get,
      list: predicted.list,
      delete: predicted.delete,
    });

    const [summary, commit] = await counted(store, () => commitRun(deps, runId));
    expect(summary?.recordsWritten).toBeGreaterThan(0);
    // The commit's manifests are the staging's (the single run writes them too); a new store's first
    // run also records its build settings, once.
    expect(await store.head(BUILD_SETTINGS_KEY)).toBeDefined();
    const state = { ...requestsOf(commit), put: commit.putRequests - 1 };
    const run = fanOutRunRequests(items.length, days.length);
    expect({
      put: plan.putRequests + pieceState.put + listing.putRequests + state.put - manifests,
      get: plan.getRequests + pieceState.get + listing.getRequests + state.get,
      list: plan.listRequests + pieceState.list + listing.listRequests + state.list,
      delete: plan.deleteRequests + pieceState.delete + listing.deleteRequests + state.delete,
    }).toEqual({ put: run.put, get: run.get, list: run.list, delete: run.delete });
  });

  it('predicts the one-process rebuild of a day over one bucket (shuffled, then merged)', {
    timeout: 180_000,
  }, async () => {
    const store = new FolderStore(join(dir, 'single'));
    const source = logs();
    const window = { from: new Date('2026-03-03T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
    await ingestBedrockLogs({ source, store, config, clock }, { window });
    const dt = '2026-03-03';
    const sizes = (await listStaged(store, dt)).map((o) => o.size);
    const sizing = { bucketBytes: 100_000, groupBytes: 60_000 };
    const rebuild = () =>
      compactDay(dt, {
        store,
        clock,
        attribution: config.attribution,
        normalizeModel: createModelNormalizer(config),
        ...sizing,
      });
    await rebuild(); // the day's parts as this bucket size makes them
    const [outcome, counts] = await counted(store, rebuild);
    expect(outcome.keysWritten.length).toBeGreaterThan(3);
    const predicted = compactDayRequests(sizes, sizing);
    expect(predicted.shuffleObjects).toBeGreaterThan(outcome.keysWritten.length);
    expect(requestsOf(counts)).toEqual({
      put: predicted.put,
      get: predicted.get,
      list: predicted.list,
      delete: predicted.delete,
    });
  });
});
