import { mapLimit } from '../io/map-limit';
import type { Clock, ObjectStore, ObjectStoreStats } from '../ports';
import { BedrockIngestError } from './errors';
import type { PieceItem, RunPlanRecord } from './fan-out-plan';
import { getJson, putJson, RunStateError, runKeys } from './fan-out-state';
import type { ObjectReader } from './read-object';
import { type StoredOutcome, storedOutcome, subtractStats } from './run-summary';
import { folderRange, listSourceUnits, type SkipCounts, type SourceUnit } from './source-layout';
import { stageUnit } from './stage-unit';

/** What one staged piece recorded (`pieces/<n>.json`): its units' outcomes and pending manifests. */
export interface PieceRecord {
  piece: number;
  from: string;
  to: string;
  unitsSeen: number;
  skipped: SkipCounts;
  outcomes: StoredOutcome[];
  /** This piece's requests, for the run's summary. */
  requests: { source: ObjectStoreStats; store: ObjectStoreStats };
}

/** Some folders of the piece could not be listed or staged: the piece fails, to be retried. */
export class PieceFailedError extends BedrockIngestError {
  override name = 'PieceFailedError';
  constructor(readonly failures: { folder: string; error: string }[]) {
    super(
      `${failures.length} folder(s) could not be staged: ${failures
        .slice(0, 3)
        .map((f) => `${f.folder} (${f.error})`)
        .join('; ')}`,
    );
  }
}

export interface StagePieceDeps {
  source: ObjectStore;
  store: ObjectStore;
  clock: Clock;
  readObject?: ObjectReader;
}

/**
 * Which piece stages a unit: the slice holding the start of its folder's range (an hour folder
 * lies in exactly one), else the first. Folders outside Bedrock's date layout are listed by every
 * slice, and only one may stage them.
 */
function ownerOf(unit: SourceUnit, sourceUri: string, plan: RunPlanRecord, slices: PieceItem[]): number {
  const range = folderRange(`${sourceUri}/${unit.folder}`);
  if (!range) return 0;
  const at = Math.max(range.start, Date.parse(plan.window.from));
  const i = slices.findIndex((s) => Date.parse(s.from) <= at && at < Date.parse(s.to));
  return i === -1 ? 0 : i;
}

/**
 * Stages one piece: lists its slice of the window and stages the units it owns (the same
 * `stageUnit` as the single run), then records their outcomes and pending manifests. Nothing is
 * marked done here: the commit writes the manifests once every changed day is rebuilt. Running it
 * again (a retry) stages the same units to the same keys. Throws when a folder fails, after the
 * others are staged, so the state machine retries the piece.
 */
export async function stagePiece(
  deps: StagePieceDeps,
  item: Pick<PieceItem, 'runId' | 'piece'>,
  options: { unitConcurrency?: number; concurrency?: number } = {},
): Promise<PieceRecord> {
  const keys = runKeys(item.runId);
  const plan = await getJson<RunPlanRecord>(deps.store, keys.plan);
  const slices = await getJson<PieceItem[]>(deps.store, keys.items);
  const slice = slices?.[item.piece];
  if (!plan || !slices || !slice) throw new RunStateError(`run ${item.runId} has no piece ${item.piece}`);
  const source0 = { ...deps.source.stats };
  const store0 = { ...deps.store.stats };
  const skipped: SkipCounts = {};
  const failures: { folder: string; error: string }[] = [];
  const units: SourceUnit[] = [];
  let unitsSeen = 0;
  const window = { from: new Date(slice.from), to: new Date(slice.to) };
  for await (const unit of listSourceUnits(deps.source, window, skipped, (folder, error) =>
    failures.push({ folder: `${deps.source.uri}/${folder}`, error: error.message }),
  )) {
    if (ownerOf(unit, deps.source.uri, plan, slices) !== item.piece) continue;
    unitsSeen++;
    units.push(unit);
  }
  const now = deps.clock.now();
  const staged = await mapLimit(units, options.unitConcurrency ?? 4, async (unit) => {
    try {
      const outcome = await stageUnit(unit, {
        source: deps.source,
        store: deps.store,
        now,
        readObject: deps.readObject,
        force: plan.force,
        concurrency: options.concurrency,
      });
      return storedOutcome(outcome);
    } catch (error) {
      failures.push({
        folder: `${deps.source.uri}/${unit.folder}`,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  });
  if (failures.length > 0) throw new PieceFailedError(failures);
  const record: PieceRecord = {
    piece: item.piece,
    from: slice.from,
    to: slice.to,
    unitsSeen,
    skipped,
    outcomes: staged.filter((o): o is StoredOutcome => o !== undefined),
    requests: {
      source: subtractStats(deps.source.stats, source0),
      store: subtractStats(deps.store.stats, store0),
    },
  };
  await putJson(deps.store, keys.piece(item.piece), record);
  return record;
}
