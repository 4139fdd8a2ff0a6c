import type { AppConfig } from '../config';
import { mapLimit } from '../io/map-limit';
import { type Clock, emptyStoreStats, type ModelResolver, type ObjectStore } from '../ports';
import { buildSettingsOf, writeBuildSettings } from './build-settings';
import { type DayRecord, readPieceRecords } from './fan-out-days';
import type { RunPlanRecord } from './fan-out-plan';
import { getJson, RunStateError, runKeys } from './fan-out-state';
import { addStats, type DayCounts, type IngestSummary, subtractStats, summarizeIngest } from './run-summary';
import type { SkipCounts } from './source-layout';
import { commitUnit } from './unit-commit';

export interface CommitRunDeps {
  source: ObjectStore;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  resolver?: ModelResolver;
}

/**
 * Commits a fanned-out run: checks that every day its pieces changed was rebuilt in this run, then
 * writes the units' manifests (marks them done), records the build settings on a new store, and
 * removes the run's state (the plan last). Returns the run's summary, as the single run reports it;
 * undefined when the run was committed already (a retried commit changes nothing).
 */
export async function commitRun(deps: CommitRunDeps, runId: string): Promise<IngestSummary | undefined> {
  const { store } = deps;
  const before = { ...store.stats };
  const keys = runKeys(runId);
  const plan = await getJson<RunPlanRecord>(store, keys.plan);
  if (!plan) return undefined;
  const pieces = await readPieceRecords(store, runId);
  const days = new Map<string, DayCounts>();
  const dayKeys: string[] = [];
  for await (const o of store.list(keys.days)) if (o.key.endsWith('.json')) dayKeys.push(o.key);
  let dayRequests = emptyStoreStats();
  for (const record of await mapLimit(dayKeys, 16, (key) => getJson<DayRecord>(store, key))) {
    if (!record) continue;
    days.set(record.dt, record);
    dayRequests = addStats(dayRequests, record.requests);
  }
  const outcomes = pieces.flatMap((p) => p.outcomes);
  const missing = [...new Set(outcomes.flatMap((o) => o.daysChanged))].filter((dt) => !days.has(dt));
  if (missing.length > 0)
    throw new RunStateError(
      `run ${runId}: ${missing.length} changed day(s) not rebuilt (${missing.slice(0, 5).join(', ')})`,
    );

  await mapLimit(outcomes, 16, (o) => commitUnit(store, o));
  if (!plan.settingsKnown && days.size > 0)
    await writeBuildSettings(store, buildSettingsOf(deps.config, deps.resolver !== undefined));

  const skipped: SkipCounts = {};
  let requests = { source: emptyStoreStats(), store: emptyStoreStats() };
  for (const p of pieces) {
    for (const [reason, n] of Object.entries(p.skipped) as [keyof SkipCounts, number][])
      skipped[reason] = (skipped[reason] ?? 0) + n;
    requests = {
      source: addStats(requests.source, p.requests.source),
      store: addStats(requests.store, p.requests.store),
    };
  }
  // Pieces before days, the plan last: a commit retried after a partial clean-up finds what it needs.
  await store.delete([keys.items, ...pieces.map((p) => keys.piece(p.piece))]);
  await store.delete(dayKeys);
  await store.delete([keys.plan]);
  return summarizeIngest({
    source: deps.source.uri,
    store: store.uri,
    window: { from: new Date(plan.window.from), to: new Date(plan.window.to) },
    unitsSeen: pieces.reduce((n, p) => n + p.unitsSeen, 0),
    outcomes,
    failed: [],
    skipped,
    days,
    requests: {
      source: requests.source,
      store: addStats(addStats(requests.store, dayRequests), subtractStats(store.stats, before)),
    },
    complete: true,
    seconds: (deps.clock.now().getTime() - Date.parse(plan.startedAt)) / 1000,
  });
}
