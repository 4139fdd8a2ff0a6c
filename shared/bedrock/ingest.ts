import type { AppConfig } from '../config';
import type { LeaseOptions } from '../lake/lease';
import { runUnits } from '../lake/run-units';
import type { Clock, ModelResolver, ObjectStore } from '../ports';
import { assertSameBuildSettings, buildSettingsOf, writeBuildSettings } from './build-settings';
import { type CompactDeps, type CompactOutcome, compactDay } from './compact';
import { BedrockIngestError } from './errors';
import type { StagedInMemory } from './merge-staged';
import { createModelNormalizer } from './normalize-model';
import type { ObjectReader } from './read-object';
import { type IngestSummary, storedOutcome, summarizeIngest } from './run-summary';
import { listSourceUnits, type SkipCounts, type SourceUnit } from './source-layout';

import { stageUnit, type UnitOutcome } from './stage-unit';
import { commitUnit } from './unit-commit';
import type { HourWindow } from './window';

export type { IngestSummary };

/** Staged rows kept in memory for the batch's compaction, at most. */
const WRITTEN_ROWS_BUDGET = 32_000;

export interface IngestDeps {
  source: ObjectStore;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  /** Resolves application inference profiles (GetInferenceProfile in AWS); absent locally. */
  resolver?: ModelResolver;
  /** Reads one source object; default: in this thread. The CLI passes a pool of worker threads. */
  readObject?: ObjectReader;
  /** Merges the buckets of a large day; default: in this thread, one at a time (see `CompactDeps.merger`). */
  merger?: CompactDeps['merger'];
}

export interface IngestRequest {
  /** Hour folders to read; undefined reads the whole source. */
  window?: HourWindow;
  /** Re-read units even when their objects are unchanged since they were staged. */
  force?: boolean;
  /** Objects read at once within a unit (default 4). */
  concurrency?: number;
  /** Units staged at once (default 4). */
  unitConcurrency?: number;
  /** Units staged before their days are rebuilt and they are marked done (default 500). */
  batchUnits?: number;
  /** Asked between batches: true stops the run (its finished batches stay done), e.g. near a Lambda timeout. */
  shouldStop?: () => boolean;
  /** Called after each unit, for progress output. */
  onUnit?: (outcome: UnitOutcome) => void;
  /** How long a day's lease lasts and how long to wait for one held by another run. */
  lease?: LeaseOptions;
  /** Staged bytes merged per pass when a day is compacted (tests). */
  bucketBytes?: number;
}

/** The store lies inside the source (its own files would be read back as logs), or is the source. */
export class StoreInsideSourceError extends BedrockIngestError {
  override name = 'StoreInsideSourceError';
}

export function assertStoreOutsideSource(source: ObjectStore, store: ObjectStore): void {
  if (store.uri === source.uri || store.uri.startsWith(`${source.uri}/`)) {
    throw new StoreInsideSourceError(
      `the store ${store.uri} is inside the source ${source.uri}: its own files would be read back as logs; put it elsewhere`,
    );
  }
}

/**
 * Ingests Bedrock invocation logs: stages every unit of the window (independently, so the work
 * can be fanned out), then rebuilds each day those units touched, each under its lease. Bad lines
 * are counted and skipped, a damaged object keeps its complete lines, a unit that cannot be read
 * is reported and leaves its days as they were. Refuses to run when the store's days were built
 * with other attribution or model settings (see `build-settings.ts`).
 */
export async function ingestBedrockLogs(
  deps: IngestDeps,
  request: IngestRequest = {},
): Promise<IngestSummary> {
  const started = deps.clock.now().getTime();
  assertStoreOutsideSource(deps.source, deps.store);
  const settings = buildSettingsOf(deps.config, deps.resolver !== undefined);
  const known = await assertSameBuildSettings(deps.store, settings);
  const skipped: SkipCounts = {};
  const unreadable: IngestSummary['unitsFailed'] = [];
  const normalizeModel = createModelNormalizer(deps.config, deps.resolver);
  // Kept in memory, up to a budget, so compaction need not read back what this run just staged.
  let written = new Map<string, StagedInMemory>();
  let budget = WRITTEN_ROWS_BUDGET;

  const run = await runUnits<SourceUnit, UnitOutcome, CompactOutcome>({
    units: listSourceUnits(deps.source, request.window, skipped, (folder, error) =>
      unreadable.push({ folder: `${deps.source.uri}/${folder}`, error: error.message, code: error.code }),
    ),
    stage: async (unit) => {
      const outcome = await stageUnit(unit, {
        source: deps.source,
        store: deps.store,
        now: deps.clock.now(),
        readObject: deps.readObject,
        force: request.force,
        concurrency: request.concurrency,
      });
      for (const [key, staged] of outcome.staged ?? []) {
        if (staged.rows.length <= budget) {
          written.set(key, staged);
          budget -= staged.rows.length;
        }
      }
      outcome.staged = undefined;
      return outcome;
    },
    partitionsOf: (o) => o.daysChanged,
    compact: (dt) =>
      compactDay(dt, {
        store: deps.store,
        clock: deps.clock,
        attribution: deps.config.attribution,
        normalizeModel,
        written,
        merger: deps.merger,
        bucketBytes: request.bucketBytes,
        lease: request.lease,
      }),
    commit: (o) => commitUnit(deps.store, o),
    onBatchDone: () => {
      written = new Map();
      budget = WRITTEN_ROWS_BUDGET;
    },
    onStaged: request.onUnit,
    unitConcurrency: request.unitConcurrency,
    batchUnits: request.batchUnits,
    shouldStop: request.shouldStop,
  });
  if (!known && run.compacted.size > 0) await writeBuildSettings(deps.store, settings);

  return summarizeIngest({
    source: deps.source.uri,
    store: deps.store.uri,
    window: request.window,
    unitsSeen: run.unitsSeen,
    outcomes: run.staged.map(storedOutcome),
    failed: [
      ...unreadable,
      ...run.failed.map((f) => ({ folder: `${deps.source.uri}/${f.unit.folder}`, error: f.error })),
    ],
    skipped,
    days: run.compacted,
    requests: { source: { ...deps.source.stats }, store: { ...deps.store.stats } },
    complete: run.complete,
    seconds: (deps.clock.now().getTime() - started) / 1000,
  });
}
