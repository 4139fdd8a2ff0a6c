import { pipeline, Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';

/** How reading an object's lines ended. */
export interface LineStats {
  /** Bytes taken from the source stream (compressed size for gzip). */
  bytesIn: number;
  /** Bytes after decompression. */
  bytesOut: number;
  /** The data ended early or was corrupt: a zlib error stopped decompression after the lines yielded so far. */
  damaged?: { code: string; message: string; partialLine: boolean };
  /** Lines longer than `MAX_LINE_BYTES`, skipped (not yielded); absent when there were none. */
  tooLong?: number;
}

/** The longest line yielded; a longer one is skipped and counted in `LineStats.tooLong`. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** What `readLinesFromBytes` inflates in memory at most; a larger object is streamed instead. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** The most one byte of deflate data can inflate to (RFC 1951 gives 258 bytes per 2-bit code: about 1,032×). */
const MAX_DEFLATE_RATIO = 1032;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const NEWLINE = 0x0a;
const CR = 0x0d;

const isGzip = (buf: Buffer): boolean =>
  buf.length >= 2 && buf[0] === GZIP_MAGIC_0 && buf[1] === GZIP_MAGIC_1;

async function* countingChunks(source: Readable, stats: LineStats): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    stats.bytesIn += buf.length;
    yield buf;
  }
}

const ignore = (): void => {};

/** Yields the source's chunks, gunzipped when the data starts with the gzip magic bytes (any file name). */
async function* decoded(source: Readable, stats: LineStats): AsyncGenerator<Buffer> {
  const chunks = countingChunks(source, stats);
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value;
  if (!isGzip(head)) {
    yield head;
    yield* chunks;
    return;
  }
  async function* compressed(): AsyncGenerator<Buffer> {
    yield head;
    yield* chunks;
  }
  // Concatenated gzip members are read through, as Bedrock and `cat a.gz b.gz` produce them.
  // pipeline() feeds the inflater with backpressure and destroys both sides on any error: a zlib
  // error ends the loop below at once (a hand-written feeder waiting for 'drain' waited forever),
  // and a source error reaches the loop as the inflater's error. The loop reports every error.
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  pipeline(Readable.from(compressed(), { objectMode: false }), gunzip, ignore);
  try {
    for await (const out of gunzip) yield out as Buffer;
  } finally {
    // After a zlib error or an early return, release the source now rather than at its next chunk.
    if (!source.destroyed) source.destroy();
  }
}

function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function countTooLong(stats: LineStats): void {
  stats.tooLong = (stats.tooLong ?? 0) + 1;
}

/** Splits decoded chunks into lines (shared by the streaming and the in-memory path). */
async function* splitLines(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  stats: LineStats,
): AsyncGenerator<string> {
  // The pieces of the line left open by the previous chunks, joined once when its newline comes
  // (joining at every chunk made a long line quadratic).
  const parts: Buffer[] = [];
  let partBytes = 0;
  // Inside a line longer than MAX_LINE_BYTES: its bytes are dropped up to its newline.
  let skipping = false;
  let atStart = true;
  try {
    for await (const chunk of chunks) {
      stats.bytesOut += chunk.length;
      let buf = chunk;
      if (atStart) {
        atStart = false;
        if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      let start = 0;
      let nl = buf.indexOf(NEWLINE);
      if (nl !== -1 && (partBytes > 0 || skipping)) {
        // This newline closes the open line.
        const total = partBytes + nl;
        let line: string | undefined;
        if (skipping) skipping = false;
        else if (total > MAX_LINE_BYTES) countTooLong(stats);
        else {
          parts.push(buf.subarray(0, nl));
          const joined = Buffer.concat(parts, total);
          line = joined.toString('utf8', 0, joined[total - 1] === CR ? total - 1 : total);
        }
        parts.length = 0;
        partBytes = 0;
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
        if (line !== undefined) yield line;
      }
      while (nl !== -1) {
        if (nl - start > MAX_LINE_BYTES) countTooLong(stats);
        else yield buf.toString('utf8', start, nl > start && buf[nl - 1] === CR ? nl - 1 : nl);
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      if (start < buf.length && !skipping) {
        partBytes += buf.length - start;
        if (partBytes > MAX_LINE_BYTES) {
          countTooLong(stats);
          parts.length = 0;
          partBytes = 0;
          skipping = true;
        } else parts.push(start === 0 ? buf : buf.subarray(start));
      }
    }
  } catch (error) {
    if (!isZlibError(error)) throw error;
    stats.damaged = { code: error.code, message: error.message, partialLine: partBytes > 0 || skipping };
    return;
  }
  if (partBytes > 0) {
    const joined = Buffer.concat(parts, partBytes);
    yield joined.toString('utf8', 0, joined[partBytes - 1] === CR ? partBytes - 1 : partBytes);
  }
}

/**
 * Streams the lines of an object (NDJSON, plain or gzip), with constant memory whatever the size.
 * Strips a UTF-8 byte-order mark and `\r`. A zlib error (truncated or corrupt gzip) ends the lines
 * without throwing and is recorded in `stats.damaged`, keeping every complete line before it; the
 * partial line at the cut is not yielded. Any other error (network, permissions) is thrown.
 */
export function readLines(source: Readable, stats: LineStats): AsyncGenerator<string> {
  return splitLines(decoded(source, stats), stats);
}

/**
 * The same as `readLines` for an object already in memory: a whole gzip member is inflated in one
 * call, which for the many small objects of a log bucket costs a fraction of a stream's set-up.
 * Damaged gzip falls back to the streaming path, which keeps the complete lines before the damage;
 * so does gzip that inflates past `maxInflatedBytes` (a gzip bomb), which the stream reads in
 * constant memory.
 */
export async function* readLinesFromBytes(
  bytes: Uint8Array,
  stats: LineStats,
  maxInflatedBytes: number = MAX_INFLATED_BYTES,
): AsyncGenerator<string> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isGzip(buf)) {
    let inflated: Buffer;
    try {
      // Small objects: inflating in place costs less than a round trip to the thread pool.
      // Output buffers sized from the gzip trailer (the last member's size, mod 2^32): one buffer and
      // no final copy, where the default 16 KB chunks cost a concatenation of the whole output.
      const trailer = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
      // The trailer is the file's word: deflate inflates at most ~1,032× (a larger claim is damage).
      const chunkSize = Math.max(
        64,
        Math.min(Math.max(trailer + 1, 64 * 1024), buf.length * MAX_DEFLATE_RATIO, maxInflatedBytes),
      );
      inflated = gunzipSync(buf, { maxOutputLength: maxInflatedBytes, chunkSize });
    } catch (error) {
      const tooLarge = (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
      if (!tooLarge && !isZlibError(error)) throw error;
      yield* readLines(Readable.from([buf]), stats);
      return;
    }
    stats.bytesIn += buf.length;
    yield* splitLines([inflated], stats);
    return;
  }
  stats.bytesIn += buf.length;
  yield* splitLines([buf], stats);
}
