import type { AppConfig } from '../config';
import type { LeaseOptions } from '../lake/lease';
import { runUnits } from '../lake/run-units';
import type { Clock, ModelResolver, ObjectStore, ObjectStoreStats } from '../ports';
import { assertSameBuildSettings, buildSettingsOf, writeBuildSettings } from './build-settings';
import { type CompactOutcome, compactDay } from './compact';
import { BedrockIngestError } from './errors';
import type { StagedInMemory } from './merge-staged';
import { createModelNormalizer } from './normalize-model';
import type { RejectReason } from './parse-record';
import type { ObjectReader } from './read-object';
import { listSourceUnits, type SkipCounts, type SourceUnit } from './source-layout';
import { type DamagedObject, type RejectSample, stageUnit, type UnitOutcome } from './stage-unit';
import type { HourWindow } from './window';

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

/** What one ingest run did: the `--json` line of the CLI and the Lambda's summary log. */
export interface IngestSummary {
  source: string;
  store: string;
  window: { from: string; to: string } | null;
  unitsSeen: number;
  unitsRead: number;
  unitsUnchanged: number;
  /** Folders that could not be listed or read, and units whose day could not be rebuilt (`code`: OS or store error). */
  unitsFailed: { folder: string; error: string; code?: string }[];
  filesRead: number;
  filesSkipped: SkipCounts;
  bytesRead: number;
  bytesDecompressed: number;
  linesRead: number;
  /** Records read from new or changed log objects in this run. */
  recordsRead: number;
  /** Of those, successful calls that logged no token counts (kept with 0 tokens). */
  recordsWithoutTokens: number;
  /** Rows of the day partitions this run rebuilt (whole days, not only this run's records). */
  recordsWritten: number;
  duplicatesDropped: number;
  /** Of those, duplicates whose content differed from the record kept (see the README's rule). */
  duplicatesConflicting: number;
  linesRejected: number;
  rejectReasons: Partial<Record<RejectReason, number>>;
  rejectSamples: RejectSample[];
  damagedObjects: DamagedObject[];
  partitions: string[];
  requests: { source: ObjectStoreStats; store: ObjectStoreStats };
  /** False when the run stopped early (`shouldStop`): run it again to continue where it stopped. */
  complete: boolean;
  seconds: number;
}

/** The store lies inside the source (its own files would be read back as logs), or is the source. */
export class StoreInsideSourceError extends BedrockIngestError {
  override name = 'StoreInsideSourceError';
}

function assertStoreOutsideSource(source: ObjectStore, store: ObjectStore): void {
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
        bucketBytes: request.bucketBytes,
        lease: request.lease,
      }),
    commit: async (o) => {
      if (o.manifest) await deps.store.put(o.manifest.key, Buffer.from(o.manifest.body));
    },
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

  const outcomes = [...run.staged].sort((a, b) =>
    a.unit.folder < b.unit.folder ? -1 : a.unit.folder > b.unit.folder ? 1 : 0,
  );
  const failed = [
    ...unreadable,
    ...run.failed.map((f) => ({ folder: `${deps.source.uri}/${f.unit.folder}`, error: f.error })),
  ].sort((a, b) => (a.folder < b.folder ? -1 : 1));
  let recordsWritten = 0;
  let duplicatesDropped = 0;
  let duplicatesConflicting = 0;
  for (const c of run.compacted.values()) {
    recordsWritten += c.rowsWritten;
    duplicatesDropped += c.duplicatesDropped;
    duplicatesConflicting += c.conflictingDuplicates;
  }
  const read = outcomes.filter((o) => !o.unchanged);
  const rejectReasons: Partial<Record<RejectReason, number>> = {};
  for (const o of read) {
    for (const [reason, n] of Object.entries(o.rejects) as [RejectReason, number][]) {
      rejectReasons[reason] = (rejectReasons[reason] ?? 0) + n;
    }
  }
  const sum = (f: (o: UnitOutcome) => number): number => read.reduce((acc, o) => acc + f(o), 0);
  return {
    source: deps.source.uri,
    store: deps.store.uri,
    window: request.window
      ? { from: request.window.from.toISOString(), to: request.window.to.toISOString() }
      : null,
    unitsSeen: run.unitsSeen,
    unitsRead: read.length,
    unitsUnchanged: outcomes.length - read.length,
    unitsFailed: failed,
    filesRead: sum((o) => o.objectsRead),
    filesSkipped: skipped,
    bytesRead: sum((o) => o.bytesRead),
    bytesDecompressed: sum((o) => o.bytesDecompressed),
    linesRead: sum((o) => o.linesRead),
    recordsRead: sum((o) => o.recordsRead),
    recordsWithoutTokens: sum((o) => o.recordsWithoutTokens),
    recordsWritten,
    duplicatesDropped,
    duplicatesConflicting,
    linesRejected: Object.values(rejectReasons).reduce((a, b) => a + (b ?? 0), 0),
    rejectReasons,
    rejectSamples: read.flatMap((o) => o.samples).slice(0, 20),
    damagedObjects: read.flatMap((o) => o.damaged),
    partitions: [...run.compacted.keys()].sort(),
    requests: { source: { ...deps.source.stats }, store: { ...deps.store.stats } },
    complete: run.complete,
    seconds: (deps.clock.now().getTime() - started) / 1000,
  };
}
