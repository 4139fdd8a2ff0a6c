import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import {
  type LineStats,
  MAX_INFLATED_BYTES,
  MAX_LINE_BYTES,
  readLines,
  readLinesFromBytes,
} from '../../shared/io/read-lines';

// gunzipSync is watched, to see which objects are inflated in memory and with what limit.
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>();
  return { ...zlib, gunzipSync: vi.fn(zlib.gunzipSync) };
});

async function collect(lines: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

/** Fails instead of hanging the run when the reader never finishes. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The body in pieces of `size` bytes, so lines cross chunk boundaries. */
function pieces(body: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.subarray(i, i + size));
  return out;
}

/** Both paths, the stream in small pieces so lines cross chunk boundaries. */
async function both(
  body: Buffer,
): Promise<{ stream: string[]; bytes: string[]; s: LineStats; b: LineStats }> {
  const s: LineStats = { bytesIn: 0, bytesOut: 0 };
  const b: LineStats = { bytesIn: 0, bytesOut: 0 };
  return {
    stream: await within(5000, collect(readLines(Readable.from(pieces(body, 7)), s))),
    bytes: await within(5000, collect(readLinesFromBytes(body, b))),
    s,
    b,
  };
}

/** Deterministic bytes (mulberry32), so a corruption is the same on every run. */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const jsonLines = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i % 97) }));

const text = '\ufeff{"a":1}\r\n{"b":"é"}\n\n{"c":3}';

describe('readLines and readLinesFromBytes', () => {
  it('return the same lines for plain text, without BOM or CR, and count bytes', async () => {
    const r = await both(Buffer.from(text));
    expect(r.stream).toEqual(['{"a":1}', '{"b":"é"}', '', '{"c":3}']);
    expect(r.bytes).toEqual(r.stream);
    expect(r.s).toEqual(r.b);
    expect(r.s.bytesIn).toBe(Buffer.byteLength(text));
  });

  it('inflate gzip whatever the file name, including concatenated members', async () => {
    const body = Buffer.concat([gzipSync(text), gzipSync('\n{"d":4}\n')]);
    const r = await both(body);
    expect(r.stream).toEqual(['{"a":1}', '{"b":"é"}', '', '{"c":3}', '{"d":4}']);
    expect(r.bytes).toEqual(r.stream);
    expect(r.s.bytesIn).toBe(body.length);
    expect(r.b.bytesIn).toBe(body.length);
  });

  it('keep the complete lines of a truncated gzip object and report the damage', async () => {
    const lines = jsonLines(3000);
    const gz = gzipSync(`${lines.join('\n')}\n`);
    const r = await both(gz.subarray(0, Math.floor(gz.length * 0.6)));
    expect(r.stream.length).toBeGreaterThan(1000);
    expect(r.stream).toEqual(lines.slice(0, r.stream.length));
    expect(r.bytes).toEqual(r.stream);
    expect(r.s.damaged?.code).toBe('Z_BUF_ERROR');
    expect(r.b.damaged?.partialLine).toBe(true);
  });

  it('rethrow errors that are not about the data', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(collect(readLines(failing, { bytesIn: 0, bytesOut: 0 }))).rejects.toThrow(
      'connection reset',
    );
  });

  describe('a gzip object corrupted in the middle (not truncated)', () => {
    // Lines that compress poorly, so the compressed object spans several of the reader's chunks.
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ i, id: noise(16, i).toString('hex'), pad: 'x'.repeat(i % 97) }),
    );
    const member = (from: number): Buffer => gzipSync(`${lines.slice(from, from + 1000).join('\n')}\n`);
    const first = member(0);
    const whole = Buffer.concat([first, member(1000), member(2000)]);

    /** Both paths, and the stream in the large pieces of a real object too: all must end promptly. */
    async function read(gz: Buffer) {
      const r = await both(gz);
      const s: LineStats = { bytesIn: 0, bytesOut: 0 };
      const large = await within(5000, collect(readLines(Readable.from(pieces(gz, 64 * 1024)), s)));
      return [
        { lines: r.stream, stats: r.s },
        { lines: r.bytes, stats: r.b },
        { lines: large, stats: s },
      ];
    }

    it('end at a damaged member header with the complete lines before it', async () => {
      const gz = Buffer.from(whole);
      const at = first.length;
      noise(4096, 42).copy(gz, at);
      gz[at] = 0xff; // not a gzip header, nor the zero padding zlib skips
      for (const { lines: got, stats } of await read(gz)) {
        expect(got.length).toBeGreaterThan(0);
        expect(got.length).toBeLessThanOrEqual(1000);
        expect(got).toEqual(lines.slice(0, got.length));
        expect(stats.damaged?.code).toBe('Z_DATA_ERROR');
        expect(stats.bytesIn).toBeLessThanOrEqual(gz.length);
      }
    });

    it('end at random bytes in the deflate data, keeping the lines before them', async () => {
      const gz = Buffer.from(whole);
      noise(4096, 7).copy(gz, Math.floor(gz.length / 2) - 2048);
      for (const { lines: got, stats } of await read(gz)) {
        // Random bytes can inflate to garbage before zlib notices (at the latest at the member's
        // checksum): the lines before the damage come first, unaltered, and the damage is recorded.
        let same = 0;
        while (same < got.length && got[same] === lines[same]) same++;
        expect(same).toBeGreaterThan(lines.length / 4);
        expect(same).toBeLessThan(lines.length * 0.6);
        expect(stats.damaged?.code).toMatch(/^Z_/);
      }
    });
  });

  it('rethrow a source error in the middle of a gzip object', async () => {
    const gz = gzipSync(jsonLines(3000).join('\n'));
    let sent = false;
    const failing = new Readable({
      read() {
        if (sent) this.destroy(new Error('connection reset'));
        else this.push(gz.subarray(0, 1000));
        sent = true;
      },
    });
    const stats: LineStats = { bytesIn: 0, bytesOut: 0 };
    await expect(within(5000, collect(readLines(failing, stats)))).rejects.toThrow('connection reset');
    expect(stats.damaged).toBeUndefined();
  });

  it('skip a line longer than MAX_LINE_BYTES, in linear time, and count it', async () => {
    const long = Buffer.alloc(40 * 1024 * 1024, 0x61);
    expect(long.length).toBeGreaterThan(MAX_LINE_BYTES);
    const body = Buffer.concat([Buffer.from('{"a":1}\n'), long, Buffer.from('\n{"b":2}\n')]);
    const s: LineStats = { bytesIn: 0, bytesOut: 0 };
    const t0 = performance.now();
    const out = await within(5000, collect(readLines(Readable.from(pieces(body, 64 * 1024)), s)));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(out).toEqual(['{"a":1}', '{"b":2}']);
    expect(s.tooLong).toBe(1);
    expect(s.bytesIn).toBe(body.length);
    // The same in memory, where the whole line sits in one chunk; and a long last line without a newline.
    const b: LineStats = { bytesIn: 0, bytesOut: 0 };
    expect(await collect(readLinesFromBytes(body, b))).toEqual(['{"a":1}', '{"b":2}']);
    expect(b.tooLong).toBe(1);
    const e: LineStats = { bytesIn: 0, bytesOut: 0 };
    const tail = Buffer.concat([Buffer.from('{"a":1}\n'), long]);
    expect(await collect(readLines(Readable.from(pieces(tail, 64 * 1024)), e))).toEqual(['{"a":1}']);
    expect(e.tooLong).toBe(1);
  });

  it('yield a 10 MB line intact and fast', async () => {
    const long = `{"p":"${'é'.repeat(5 * 1024 * 1024)}"}`;
    const body = Buffer.from(`{"a":1}\r\n${long}\r\n{"b":2}`);
    const s: LineStats = { bytesIn: 0, bytesOut: 0 };
    const t0 = performance.now();
    // Small odd-sized pieces, as a slow network delivers them: two-byte characters are split too.
    const out = await within(5000, collect(readLines(Readable.from(pieces(body, 4 * 1024 + 1)), s)));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(out.length).toBe(3);
    expect(out[1] === long).toBe(true);
    expect(out[2]).toBe('{"b":2}');
    expect(s.tooLong).toBeUndefined();
  });

  it('stream a gzip object that would inflate past the in-memory limit instead of failing', async () => {
    const lines = jsonLines(3000);
    const body = Buffer.concat([
      gzipSync(`${lines.slice(0, 10).join('\n')}\n`),
      gzipSync(lines.slice(10).join('\n')),
    ]);
    const inflate = vi.mocked(gunzipSync);
    inflate.mockClear();
    const limited: LineStats = { bytesIn: 0, bytesOut: 0 };
    expect(await collect(readLinesFromBytes(body, limited, 64 * 1024))).toEqual(lines);
    // The in-memory inflate gave up at the limit (it is not given the chance to allocate more).
    expect(inflate).toHaveBeenCalledTimes(1);
    expect(inflate.mock.calls[0]?.[1]).toMatchObject({ maxOutputLength: 64 * 1024 });
    expect(inflate.mock.results[0]?.type).toBe('throw');
    // The default limit inflates this object in memory; both ways count the same bytes.
    const whole: LineStats = { bytesIn: 0, bytesOut: 0 };
    expect(await collect(readLinesFromBytes(body, whole))).toEqual(lines);
    expect(inflate.mock.results[1]?.type).toBe('return');
    expect(inflate.mock.calls[1]?.[1]).toMatchObject({ maxOutputLength: MAX_INFLATED_BYTES });
    expect(limited).toEqual(whole);
    expect(limited.bytesIn).toBe(body.length);
    expect(limited.damaged).toBeUndefined();
  });
});
