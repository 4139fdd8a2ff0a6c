import { mapLimit } from '../io/map-limit';
import { type LineStats, readLines, readLinesFromBytes } from '../io/read-lines';
import { encodeParquet, type LakeRow } from '../lake/parquet';
import { dayOf } from '../lake/utc';
import type { ObjectInfo, ObjectStore } from '../ports';
import { SourceReadError } from './errors';
import {
  type KeyContext,
  type ParseResult,
  parseLogDocument,
  parseRecordLine,
  type RejectReason,
} from './parse-record';
import { bedrockStage, type StagedRecord } from './stage-table';

const READ_ATTEMPTS = 3;
/**
 * Objects up to this size are read and inflated whole, in one call into a buffer sized from the
 * gzip trailer; larger ones are streamed, so memory stays flat. Whole costs half the CPU of a
 * stream (measured on 680 KB objects: 0.5–1.0 s against 1.2–1.8 s for 47 MB of gzip), whose
 * hand-offs to the thread pool cost more than the overlap with parsing gains.
 */
const SMALL_OBJECT_BYTES = 2 * 1024 * 1024;

/** What one log object yields. Plain data: it can cross a worker-thread boundary as it is. */
export interface ObjectResult {
  records: StagedRecord[];
  stats: LineStats;
  lines: number;
  rejects: { line: number; reason: RejectReason; field?: string }[];
  /** Successful calls that logged no token counts at all (kept with 0 tokens, but counted). */
  withoutTokens: number;
}

/** What a record may be checked against: the key's account and Region, and the accepted times. */
export type ReadContext = KeyContext;

/** What reading one object came to, without its records. */
export type ObjectOutcome = Omit<ObjectResult, 'records'> & { records: number };

/**
 * Staged rows of one event day from some of the objects read: the rows themselves (read in this
 * thread), or their staged extract already encoded (read on a worker thread, which hands back
 * bytes rather than a copy of every record).
 */
export type StagedPart = { rows: LakeRow[] } | { bytes: Uint8Array; rows: number };

/** What reading some objects of a unit yields: each object's outcome, in the order asked, and the rows by event day. */
export interface ObjectsRead {
  objects: ObjectOutcome[];
  /** Parts in the order of the objects they came from. */
  days: Map<string, StagedPart[]>;
}

/**
 * Reads and parses objects of one unit (in this thread, or on worker threads: see
 * `IngestDeps.readObject`); rows carry `source_object`.
 */
export type ObjectReader = (objects: readonly ObjectInfo[], context: ReadContext) => Promise<ObjectsRead>;

/**
 * Reads `objects` (`concurrency` at once) and groups their records by event day, in object order.
 * `encode` hands each day back as its encoded staged extract (what a worker thread returns: one
 * transferable buffer instead of a structured copy of every record).
 */
export async function readObjects(
  source: ObjectStore,
  objects: readonly ObjectInfo[],
  context: ReadContext,
  options: { concurrency?: number; encode?: boolean; wholeUpTo?: number } = {},
): Promise<ObjectsRead> {
  const results = await mapLimit(objects, options.concurrency ?? 4, (o) =>
    readObject(source, o, context, options.wholeUpTo),
  );
  const byDay = new Map<string, LakeRow[]>();
  const outcomes = results.map((r, i): ObjectOutcome => {
    const key = (objects[i] as ObjectInfo).key;
    for (const record of r.records) {
      record.source_object = key;
      const dt = dayOf(record.event_time);
      let rows = byDay.get(dt);
      if (!rows) {
        rows = [];
        byDay.set(dt, rows);
      }
      rows.push(record as unknown as LakeRow);
    }
    return { ...r, records: r.records.length };
  });
  const days = new Map<string, StagedPart[]>();
  for (const [dt, rows] of byDay) {
    days.set(dt, [
      options.encode
        ? { bytes: encodeParquet(bedrockStage, rows, { uncompressed: true }), rows: rows.length }
        : { rows },
    ]);
  }
  return { objects: outcomes, days };
}

/**
 * Reads one log object and parses its records: NDJSON, CloudWatch export lines, or a whole JSON
 * document of events. Data problems end in rejects and damage reports; a failed read is retried
 * from the start and, after the last attempt, throws `SourceReadError`. Objects up to `wholeUpTo`
 * bytes are read and inflated in one piece; larger ones are streamed.
 */
export async function readObject(
  source: ObjectStore,
  object: ObjectInfo,
  context: ReadContext,
  wholeUpTo: number = SMALL_OBJECT_BYTES,
): Promise<ObjectResult> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    const result: ObjectResult = {
      records: [],
      stats: { bytesIn: 0, bytesOut: 0 },
      lines: 0,
      rejects: [],
      withoutTokens: 0,
    };
    try {
      // Most log objects are small: one read and one inflate beat a stream's set-up many times over.
      const lines =
        object.size <= wholeUpTo
          ? readLinesFromBytes(await source.getBytes(object.key), result.stats)
          : readLines(await source.get(object.key), result.stats);
      const take = (parsed: ParseResult, line: number): void => {
        if (parsed.ok) {
          result.records.push(parsed.record);
          if (parsed.tokensMissing) result.withoutTokens++;
        } else result.rejects.push({ line, reason: parsed.reason, field: parsed.field });
      };
      let documentLines: string[] | undefined;
      for await (const line of lines) {
        result.lines++;
        if (documentLines) {
          documentLines.push(line);
          continue;
        }
        if (line.length === 0 || /^\s*$/.test(line)) continue;
        // A pretty-printed JSON document (`aws logs filter-log-events` output), not NDJSON.
        if (result.lines === 1 && /^\s*[[{]\s*$/.test(line)) {
          documentLines = [line];
          continue;
        }
        // One-line documents (`jq -c` output): an array, or an object holding `events`.
        if (line.charCodeAt(0) === 91 || line.startsWith('{"events":')) {
          for (const parsed of parseLogDocument(line, context)) take(parsed, result.lines);
        } else {
          take(parseRecordLine(line, context), result.lines);
        }
      }
      if (documentLines) {
        for (const [i, parsed] of parseLogDocument(documentLines.join('\n'), context).entries())
          take(parsed, i + 1);
      }
      if (result.stats.damaged?.partialLine)
        result.rejects.push({ line: result.lines + 1, reason: 'truncated_line' });
      // Lines over the reader's cap are dropped unread; count them (line 0: their number is not known).
      for (let i = 0; i < (result.stats.tooLong ?? 0); i++)
        result.rejects.push({ line: 0, reason: 'line_too_long' });
      return result;
    } catch (error) {
      // Not a data problem (those end the lines quietly): a failed read, retried from the start.
      lastError = error;
    }
  }
  throw new SourceReadError(
    object.key,
    `could not be read after ${READ_ATTEMPTS} attempts: ${String(lastError)}`,
    {
      cause: lastError,
    },
  );
}
