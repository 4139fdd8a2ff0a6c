import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type LineStats, readLines, readLinesFromBytes } from '../../shared/io/read-lines';

async function collect(lines: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

/** Both paths, the stream in small pieces so lines cross chunk boundaries. */
async function both(
  body: Buffer,
): Promise<{ stream: string[]; bytes: string[]; s: LineStats; b: LineStats }> {
  const s: LineStats = { bytesIn: 0, bytesOut: 0 };
  const b: LineStats = { bytesIn: 0, bytesOut: 0 };
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += 7) pieces.push(body.subarray(i, i + 7));
  return {
    stream: await collect(readLines(Readable.from(pieces), s)),
    bytes: await collect(readLinesFromBytes(body, b)),
    s,
    b,
  };
}

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
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i % 97) }));
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
});
