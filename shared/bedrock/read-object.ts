import { type LineStats, readLines, readLinesFromBytes } from '../io/read-lines';
import type { ObjectInfo, ObjectStore } from '../ports';
import { SourceReadError } from './errors';
import {
  type KeyContext,
  type ParseResult,
  parseLogDocument,
  parseRecordLine,
  type RejectReason,
} from './parse-record';
import type { StagedRecord } from './stage-table';

const READ_ATTEMPTS = 3;
/**
 * Objects up to this size are read and inflated whole (most Bedrock log objects are a few KB, and a
 * stream's set-up would dominate); larger ones are streamed: memory stays flat and inflating on the
 * thread pool overlaps with parsing.
 */
const SMALL_OBJECT_BYTES = 256 * 1024;

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

/** Reads and parses one log object (in this thread, or in a worker: see `IngestDeps.readObject`). */
export type ObjectReader = (object: ObjectInfo, context: ReadContext) => Promise<ObjectResult>;

/**
 * Reads one log object and parses its records: NDJSON, CloudWatch export lines, or a whole JSON
 * document of events. Data problems end in rejects and damage reports; a failed read is retried
 * from the start and, after the last attempt, throws `SourceReadError`.
 */
export async function readObject(
  source: ObjectStore,
  object: ObjectInfo,
  context: ReadContext,
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
        object.size <= SMALL_OBJECT_BYTES
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
