import type { AppConfig } from '../config';
import type { LakeRow } from '../lake/parquet';
import type { Clock, ModelResolver, ObjectStore, ObjectStoreStats } from '../ports';
import { type CompactOutcome, compactDay, type ModelNormalizer } from './compact';
import { classifyModelId } from './normalize-model';
import type { RejectReason } from './parse-record';
import { listSourceUnits, type SkipCounts, type SourceUnit } from './source-layout';
import { type DamagedObject, type RejectSample, stageUnit, type UnitOutcome } from './stage-unit';
import type { HourWindow } from './window';

/** Staged rows kept in memory for the batch's compaction, at most. */
const WRITTEN_ROWS_BUDGET = 500_000;

export interface IngestDeps {
  source: ObjectStore;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  /** Resolves application inference profiles (GetInferenceProfile in AWS); absent locally. */
  resolver?: ModelResolver;
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
}

/** What one ingest run did: the `--json` line of the CLI and the Lambda's summary log. */
export interface IngestSummary {
  source: string;
  store: string;
  window: { from: string; to: string } | null;
  unitsSeen: number;
  unitsRead: number;
  unitsUnchanged: number;
  unitsFailed: { folder: string; error: string }[];
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

/** The model normalizer for a run: cross-Region prefixes and ARNs, then configured and resolved profiles. */
export function createModelNormalizer(config: AppConfig, resolver?: ModelResolver): ModelNormalizer {
  const cache = new Map<string, Promise<string>>();
  const resolve = async (modelId: string): Promise<string> => {
    const { kind, model } = classifyModelId(modelId);
    if (kind !== 'application-profile-arn') return model;
    const configured = config.ingest.inferenceProfiles[modelId];
    if (configured) return classifyModelId(configured).model;
    const resolved = resolver ? await resolver.resolveApplicationProfile(modelId) : undefined;
    return resolved ? classifyModelId(resolved).model : modelId;
  };
  return (modelId) => {
    let hit = cache.get(modelId);
    if (!hit) {
      hit = resolve(modelId);
      cache.set(modelId, hit);
    }
    return hit;
  };
}

/**
 * Ingests Bedrock invocation logs: stages every unit of the window (independently, so the work
 * can be fanned out), then rebuilds each day those units touched. Bad lines are counted and
 * skipped, a damaged object keeps its complete lines, a unit that cannot be read is reported
 * and leaves its days as they were.
 */
export async function ingestBedrockLogs(
  deps: IngestDeps,
  request: IngestRequest = {},
): Promise<IngestSummary> {
  const started = deps.clock.now().getTime();
  const skipped: SkipCounts = {};
  const outcomes: UnitOutcome[] = [];
  const failed: IngestSummary['unitsFailed'] = [];
  const days = new Map<string, CompactOutcome>();
  const normalizeModel = createModelNormalizer(deps.config, deps.resolver);
  let unitsSeen = 0;

  // Stage a batch of units, rebuild the days they touched, then mark them done: a long backfill
  // that is stopped keeps what it finished, and the next run skips it.
  const runBatch = async (batch: SourceUnit[]): Promise<void> => {
    const staged: UnitOutcome[] = [];
    const written = new Map<string, readonly LakeRow[]>();
    let budget = WRITTEN_ROWS_BUDGET;
    // Several units in flight: while one waits on storage another parses (units are independent).
    const inFlight = new Set<Promise<void>>();
    for (const unit of batch) {
      const work: Promise<void> = stageUnit(unit, {
        source: deps.source,
        store: deps.store,
        force: request.force,
        concurrency: request.concurrency,
      })
        .then((outcome) => {
          // Keep what was staged in memory, up to a budget, so compaction need not read it back.
          for (const [key, rows] of outcome.staged ?? []) {
            if (rows.length <= budget) {
              written.set(key, rows);
              budget -= rows.length;
            }
          }
          outcome.staged = undefined;
          staged.push(outcome);
          request.onUnit?.(outcome);
        })
        .catch((error: unknown) => {
          failed.push({ folder: `${deps.source.uri}/${unit.folder}`, error: (error as Error).message });
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
      if (inFlight.size >= (request.unitConcurrency ?? 4)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    for (const dt of [...new Set(staged.flatMap((o) => o.dts))].sort()) {
      const attribution = deps.config.attribution;
      days.set(dt, await compactDay(dt, { store: deps.store, attribution, normalizeModel, written }));
    }
    // Only now is the units' work visible in the curated table: mark them done.
    for (const o of staged)
      if (o.manifest) await deps.store.put(o.manifest.key, Buffer.from(o.manifest.body));
    outcomes.push(...staged);
  };

  let batch: SourceUnit[] = [];
  let complete = true;
  for await (const unit of listSourceUnits(deps.source, request.window, skipped)) {
    unitsSeen++;
    batch.push(unit);
    if (batch.length >= (request.batchUnits ?? 500)) {
      await runBatch(batch);
      batch = [];
      if (request.shouldStop?.()) {
        complete = false;
        break;
      }
    }
  }
  if (batch.length > 0) await runBatch(batch);
  outcomes.sort((a, b) => (a.unit.folder < b.unit.folder ? -1 : a.unit.folder > b.unit.folder ? 1 : 0));
  failed.sort((a, b) => (a.folder < b.folder ? -1 : 1));
  let recordsWritten = 0;
  let duplicatesDropped = 0;
  for (const c of days.values()) {
    recordsWritten += c.rowsWritten;
    duplicatesDropped += c.duplicatesDropped;
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
    unitsSeen,
    unitsRead: read.length,
    unitsUnchanged: outcomes.length - read.length,
    unitsFailed: failed,
    filesRead: sum((o) => o.objectsRead),
    filesSkipped: skipped,
    bytesRead: sum((o) => o.bytesRead),
    bytesDecompressed: sum((o) => o.bytesDecompressed),
    linesRead: sum((o) => o.linesRead),
    recordsRead: sum((o) => o.recordsStaged),
    recordsWithoutTokens: sum((o) => o.recordsWithoutTokens),
    recordsWritten,
    duplicatesDropped,
    linesRejected: Object.values(rejectReasons).reduce((a, b) => a + (b ?? 0), 0),
    rejectReasons,
    rejectSamples: read.flatMap((o) => o.samples).slice(0, 20),
    damagedObjects: read.flatMap((o) => o.damaged),
    partitions: [...days.keys()].sort(),
    requests: { source: { ...deps.source.stats }, store: { ...deps.store.stats } },
    complete,
    seconds: (deps.clock.now().getTime() - started) / 1000,
  };
}
