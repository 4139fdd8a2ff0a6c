import { acceptedTimes } from '../lake/accepted-dates';
import {
  decodeParquet,
  decodeParquetColumns,
  encodeParquet,
  encodeParquetColumns,
  type LakeColumns,
  type LakeRow,
  type LakeValue,
} from '../lake/parquet';
import { DAY_MS, HOUR_MS } from '../lake/utc';
import type { ObjectInfo, ObjectStore } from '../ports';
import { ObjectNotFoundError } from '../ports/store-errors';
import type { StagedInMemory } from './merge-staged';
import type { RejectReason } from './parse-record';
import { type ObjectReader, type ReadContext, readObjects, type StagedPart } from './read-object';
import type { SourceUnit } from './source-layout';
import { manifestKey, stagedKey } from './stage-paths';
import { bedrockStage } from './stage-table';

/** Bump when parsing changes what a source object yields: units staged by another version are re-read. */
export const STAGE_VERSION = 4;

/** One rejected line, located without its content (a line may hold prompt text). */
export interface RejectSample {
  file: string;
  line: number;
  reason: RejectReason;
  field?: string;
}

/** An object whose gzip stream was cut short or corrupt; its complete lines were kept. */
export interface DamagedObject {
  file: string;
  code: string;
  message: string;
}

export interface UnitOutcome {
  unit: SourceUnit;
  unchanged: boolean;
  objectsRead: number;
  bytesRead: number;
  bytesDecompressed: number;
  linesRead: number;
  recordsRead: number;
  /** Records of successful calls with no token counts at all, kept with 0 tokens. */
  recordsWithoutTokens: number;
  rejects: Partial<Record<RejectReason, number>>;
  samples: RejectSample[];
  damaged: DamagedObject[];
  /** Days whose staged data changed: they need compaction. */
  daysChanged: string[];
  /** The rows just written, by staged key: the run's compaction uses them instead of reading them back. */
  staged?: Map<string, StagedInMemory>;
  /** Written after the days are compacted, so an interrupted run re-reads the unit. */
  manifest?: { key: string; body: string };
}

interface UnitManifest {
  version: number;
  source: string;
  objects: [string, number, string][];
  /** Event days the unit has rows in. */
  dts: string[];
}

const MAX_SAMPLES = 20;

const fingerprint = (o: ObjectInfo): [string, number, string] => [
  o.key,
  o.size,
  o.etag ?? o.lastModified?.toISOString() ?? '',
];

async function readText(store: ObjectStore, key: string): Promise<string | undefined> {
  try {
    return Buffer.from(await store.getBytes(key)).toString('utf8');
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}

/**
 * A previous extract's rows; none when it is missing: a run stopped after withdrawing the extract
 * of a day the unit no longer feeds and before recording that (such a day holds no kept rows).
 */
async function readExtract(store: ObjectStore, key: string): Promise<LakeRow[]> {
  try {
    return await decodeParquet(await store.getBytes(key));
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return [];
    throw error;
  }
}

/** A manifest, or undefined when it is unreadable: the unit is then read afresh rather than failing every run. */
function parseManifest(text: string): UnitManifest | undefined {
  try {
    const m = JSON.parse(text) as Partial<UnitManifest>;
    return Array.isArray(m.objects) && Array.isArray(m.dts) && typeof m.source === 'string'
      ? (m as UnitManifest)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A day's parts as one set of staged columns, in order; encoded parts are decoded column by column. */
async function columnsOf(parts: readonly StagedPart[]): Promise<LakeColumns> {
  const names = bedrockStage.columns.map((c) => c.name);
  const out: Record<string, LakeValue[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const part of parts) {
    if ('bytes' in part) {
      const { columns } = await decodeParquetColumns(part.bytes);
      for (const n of names) for (const v of columns[n] ?? []) (out[n] as LakeValue[]).push(v);
    } else {
      for (const n of names) {
        const to = out[n] as LakeValue[];
        for (const row of part.rows) to.push(row[n] ?? null);
      }
    }
  }
  return out;
}

/**
 * Reads one source unit and writes its staged Parquet, one object per event day, under
 * deterministic keys (re-staging replaces them). Incremental: only objects that are new or changed
 * since the unit was last staged are read; rows of unchanged objects are carried over from the
 * previous extract, and rows of objects that have since disappeared (raw logs expired by a
 * lifecycle rule) are kept, never withdrawn. `force` re-reads every object that exists.
 * A failed read throws before anything is written.
 */
export async function stageUnit(
  unit: SourceUnit,
  deps: {
    source: ObjectStore;
    store: ObjectStore;
    /** The run's time: records dated beyond the accepted range from it are rejected. */
    now: Date;
    /** Reads the unit's objects (default: in this thread). */
    readObject?: ObjectReader;
    force?: boolean;
    concurrency?: number;
  },
): Promise<UnitOutcome> {
  const { source, store } = deps;
  const sourceUri = `${source.uri}/${unit.folder}`;
  const previousText = await readText(store, manifestKey(unit.id));
  const parsedManifest = previousText ? parseManifest(previousText) : undefined;
  // The unit id derives from the location, so a manifest under it describes this folder.
  const previous = parsedManifest?.source === sourceUri ? parsedManifest : undefined;
  // Staged by another parser version: re-read every listed object (rows of expired ones are still kept).
  const sameVersion = previous?.version === STAGE_VERSION;
  const outcome: UnitOutcome = {
    unit,
    unchanged: false,
    objectsRead: 0,
    bytesRead: 0,
    bytesDecompressed: 0,
    linesRead: 0,
    recordsRead: 0,
    recordsWithoutTokens: 0,
    rejects: {},
    samples: [],
    damaged: [],
    daysChanged: [],
  };

  const before = new Map(sameVersion ? (previous?.objects ?? []).map((o) => [o[0], JSON.stringify(o)]) : []);
  const current = unit.objects.map(fingerprint);
  const listed = new Set(current.map((o) => o[0]));
  const toRead = unit.objects.filter(
    (o, i) => deps.force || before.get(o.key) !== JSON.stringify(current[i]),
  );
  if (toRead.length === 0) return { ...outcome, unchanged: true };
  const rereading = new Set(toRead.map((o) => o.key));
  // Objects known before and not read now: unchanged, or gone from the source. Their rows stay.
  const kept = (previous?.objects ?? []).filter((o) => !rereading.has(o[0]));

  // Rows of the objects kept from the previous extract come first in each day, as they were.
  const keptRows = new Map<string, LakeRow[]>();
  if (kept.length > 0) {
    const keep = new Set(kept.map((o) => o[0]));
    for (const dt of previous?.dts ?? []) {
      const rows = (await readExtract(store, stagedKey(dt, unit.id))).filter((row) =>
        keep.has(row.source_object as string),
      );
      if (rows.length > 0) keptRows.set(dt, rows);
    }
  }

  // A record cannot be delivered before it happened: more than a day past its hour folder is a bad clock.
  // Files outside Bedrock's layout carry no such bound.
  const deliveredBy = unit.hour ? unit.hour.getTime() + HOUR_MS + DAY_MS : undefined;
  const context: ReadContext = {
    accountId: unit.accountId,
    region: unit.region,
    deliveredBy,
    ...acceptedTimes(deps.now),
  };
  const read: ObjectReader =
    deps.readObject ?? ((objects, c) => readObjects(source, objects, c, { concurrency: deps.concurrency }));
  const batch = await read(toRead, context);
  batch.objects.forEach((r, i) => {
    const object = toRead[i] as ObjectInfo;
    const file = `${source.uri}/${object.key}`;
    outcome.objectsRead++;
    outcome.bytesRead += r.stats.bytesIn;
    outcome.bytesDecompressed += r.stats.bytesOut;
    outcome.linesRead += r.lines;
    outcome.recordsWithoutTokens += r.withoutTokens;
    if (r.stats.damaged)
      outcome.damaged.push({ file, code: r.stats.damaged.code, message: r.stats.damaged.message });
    for (const reject of r.rejects) {
      outcome.rejects[reject.reason] = (outcome.rejects[reject.reason] ?? 0) + 1;
      if (outcome.samples.length < MAX_SAMPLES) outcome.samples.push({ file, ...reject });
    }
    outcome.recordsRead += r.records;
  });

  const dts = [...new Set([...keptRows.keys(), ...batch.days.keys()])].sort();
  outcome.staged = new Map();
  for (const dt of dts) {
    const earlier = keptRows.get(dt);
    const parts: StagedPart[] = [...(earlier ? [{ rows: earlier }] : []), ...(batch.days.get(dt) ?? [])];
    const key = stagedKey(dt, unit.id);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only && 'bytes' in only) {
      // Encoded on a worker thread from exactly these rows: written as it is; compaction reads it back.
      await store.put(key, only.bytes);
    } else if (parts.every((p) => !('bytes' in p))) {
      // Read in this thread. Uncompressed: extracts are small, and Snappy costs more time here than it saves bytes.
      const rows =
        parts.length === 1 ? (only as { rows: LakeRow[] }).rows : parts.flatMap((p) => p.rows as LakeRow[]);
      const bytes = encodeParquet(bedrockStage, rows, { uncompressed: true });
      await store.put(key, bytes);
      outcome.staged.set(key, { rows, bytes: bytes.byteLength });
    } else {
      // Kept rows and new ones, or a unit read in parts on several workers: the same file as one read.
      await store.put(
        key,
        encodeParquetColumns(bedrockStage, await columnsOf(parts), { uncompressed: true }),
      );
    }
  }
  // Days this unit fed before but no longer does (an object changed): withdraw its old extract.
  const gone = (previous?.dts ?? []).filter((dt) => !dts.includes(dt));
  if (gone.length > 0) await store.delete(gone.map((dt) => stagedKey(dt, unit.id)));
  outcome.daysChanged = [...new Set([...dts, ...gone])].sort();
  const vanished = kept.filter((o) => !listed.has(o[0]));
  const manifest: UnitManifest = {
    version: STAGE_VERSION,
    source: sourceUri,
    objects: [...current, ...vanished],
    dts,
  };
  outcome.manifest = { key: manifestKey(unit.id), body: JSON.stringify(manifest) };
  return outcome;
}
