import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';

/** How reading an object's lines ended. */
export interface LineStats {
  /** Bytes taken from the source stream (compressed size for gzip). */
  bytesIn: number;
  /** Bytes after decompression. */
  bytesOut: number;
  /** The data ended early or was corrupt: a zlib error stopped decompression after the lines yielded so far. */
  damaged?: { code: string; message: string; partialLine: boolean };
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const NEWLINE = 0x0a;
const CR = 0x0d;

async function* countingChunks(source: Readable, stats: LineStats): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    stats.bytesIn += buf.length;
    yield buf;
  }
}

/** Yields the source's chunks, gunzipped when the data starts with the gzip magic bytes (any file name). */
async function* decoded(source: Readable, stats: LineStats): AsyncGenerator<Buffer> {
  const chunks = countingChunks(source, stats);
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value;
  if (!(head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1)) {
    yield head;
    yield* chunks;
    return;
  }
  // Concatenated gzip members are read through, as Bedrock and `cat a.gz b.gz` produce them.
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const feed = (async () => {
    try {
      if (!gunzip.write(head)) await new Promise((r) => gunzip.once('drain', r));
      for await (const chunk of chunks) {
        if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
      }
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const out of gunzip) yield out as Buffer;
  } finally {
    await feed;
  }
}

function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Splits decoded chunks into lines (shared by the streaming and the in-memory path). */
async function* splitLines(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  stats: LineStats,
): AsyncGenerator<string> {
  let carry: Buffer | null = null;
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
      let nl = buf.indexOf(NEWLINE, start);
      if (carry !== null && nl !== -1) {
        const joined: Buffer = Buffer.concat([carry, buf.subarray(0, nl)]);
        carry = null;
        const end = joined.length > 0 && joined[joined.length - 1] === CR ? joined.length - 1 : joined.length;
        yield joined.toString('utf8', 0, end);
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      while (nl !== -1) {
        const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
        yield buf.toString('utf8', start, end);
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      if (start < buf.length) {
        carry =
          carry === null ? Buffer.from(buf.subarray(start)) : Buffer.concat([carry, buf.subarray(start)]);
      }
    }
  } catch (error) {
    if (!isZlibError(error)) throw error;
    stats.damaged = {
      code: error.code,
      message: error.message,
      partialLine: carry !== null && carry.length > 0,
    };
    return;
  }
  if (carry !== null && carry.length > 0) {
    const end = carry[carry.length - 1] === CR ? carry.length - 1 : carry.length;
    yield carry.toString('utf8', 0, end);
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
 * Damaged gzip falls back to the streaming path, which keeps the complete lines before the damage.
 */
export async function* readLinesFromBytes(bytes: Uint8Array, stats: LineStats): AsyncGenerator<string> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === GZIP_MAGIC_0 && buf[1] === GZIP_MAGIC_1) {
    let inflated: Buffer;
    try {
      // Small objects: inflating in place costs less than a round trip to the thread pool.
      inflated = gunzipSync(buf);
    } catch (error) {
      if (!isZlibError(error)) throw error;
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
