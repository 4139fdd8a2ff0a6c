import type { ObjectStoreStats } from '../ports';
import type { RejectReason } from './parse-record';
import type { SkipCounts } from './source-layout';
import type { DamagedObject, RejectSample, UnitOutcome } from './stage-unit';

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

/** A staged unit's outcome without its objects or rows: what a fanned-out piece records for the commit. */
export type StoredOutcome = Omit<UnitOutcome, 'unit' | 'staged'> & { folder: string };

/** The outcome as a piece records it (the listing and the rows stay behind). */
export function storedOutcome(o: UnitOutcome): StoredOutcome {
  const { unit, staged: _staged, ...counts } = o;
  return { folder: unit.folder, ...counts };
}

/** What a rebuilt day contributes to the summary. */
export interface DayCounts {
  rowsWritten: number;
  duplicatesDropped: number;
  conflictingDuplicates: number;
}

/** Everything a run's summary is made of, whichever way the run was split. */
export interface RunTotals {
  source: string;
  store: string;
  window: { from: Date; to: Date } | undefined;
  unitsSeen: number;
  outcomes: readonly StoredOutcome[];
  failed: IngestSummary['unitsFailed'];
  skipped: SkipCounts;
  days: ReadonlyMap<string, DayCounts>;
  requests: IngestSummary['requests'];
  complete: boolean;
  seconds: number;
}

/** The run's summary: units read only count once, samples and damaged objects in folder order. */
export function summarizeIngest(t: RunTotals): IngestSummary {
  const outcomes = [...t.outcomes].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const failed = [...t.failed].sort((a, b) => (a.folder < b.folder ? -1 : 1));
  let recordsWritten = 0;
  let duplicatesDropped = 0;
  let duplicatesConflicting = 0;
  for (const c of t.days.values()) {
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
  const sum = (f: (o: StoredOutcome) => number): number => read.reduce((acc, o) => acc + f(o), 0);
  return {
    source: t.source,
    store: t.store,
    window: t.window ? { from: t.window.from.toISOString(), to: t.window.to.toISOString() } : null,
    unitsSeen: t.unitsSeen,
    unitsRead: read.length,
    unitsUnchanged: outcomes.length - read.length,
    unitsFailed: failed,
    filesRead: sum((o) => o.objectsRead),
    filesSkipped: t.skipped,
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
    partitions: [...t.days.keys()].sort(),
    requests: t.requests,
    complete: t.complete,
    seconds: t.seconds,
  };
}

/** Sums request counts of several stores (the steps of a fanned-out run each had their own). */
export function addStats(a: ObjectStoreStats, b: ObjectStoreStats): ObjectStoreStats {
  return {
    listRequests: a.listRequests + b.listRequests,
    getRequests: a.getRequests + b.getRequests,
    putRequests: a.putRequests + b.putRequests,
    deleteRequests: a.deleteRequests + b.deleteRequests,
    bytesRead: a.bytesRead + b.bytesRead,
    bytesWritten: a.bytesWritten + b.bytesWritten,
  };
}

/** The requests made since `before` was copied from the same store's stats. */
export function subtractStats(now: ObjectStoreStats, before: ObjectStoreStats): ObjectStoreStats {
  return {
    listRequests: now.listRequests - before.listRequests,
    getRequests: now.getRequests - before.getRequests,
    putRequests: now.putRequests - before.putRequests,
    deleteRequests: now.deleteRequests - before.deleteRequests,
    bytesRead: now.bytesRead - before.bytesRead,
    bytesWritten: now.bytesWritten - before.bytesWritten,
  };
}
