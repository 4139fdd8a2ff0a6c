import { constants, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type GroundTruth,
  generateSyntheticLogs,
  SYNTHETIC_BUCKET,
  type SyntheticOptions,
} from '../../src/demo';

interface Stored {
  key: string;
  body: Buffer;
}

const HOUR = 3_600_000;
const FOLDER = /\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/[^/]+\.json\.gz$/;
const isBody = (key: string) => key.includes('/data/');

function folderOf(key: string): number {
  const m = FOLDER.exec(key);
  if (!m) throw new Error(key);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
}

function inflate(body: Buffer): string {
  return gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
}

function tryParse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function generate(options: SyntheticOptions): Promise<{ objects: Stored[]; truth: GroundTruth }> {
  const objects: Stored[] = [];
  const truth = await generateSyntheticLogs(async (key, body) => {
    objects.push({ key, body: Buffer.from(body) });
  }, options);
  return { objects, truth };
}

/** Every complete line of every record object, with the object it came from. */
function lines(objects: readonly Stored[]): { key: string; line: string }[] {
  return objects
    .filter((o) => !isBody(o.key))
    .flatMap((o) => {
      const parts = inflate(o.body)
        .replace(/^\uFEFF/, '')
        .split('\n');
      parts.pop();
      return parts.map((line) => ({ key: o.key, line }));
    });
}

const OPTIONS: SyntheticOptions = {
  seed: 7,
  // Monday 23:00 UTC: folders 23, 00, 01, 02 cross midnight.
  start: new Date('2026-03-02T23:00:00Z'),
  hours: 4,
  invocationsPerHour: 300,
  bodies: 'small',
  faults: { duplicates: 15, lateArrivals: 8, badLines: 9, truncatedObject: true, bodyObjects: true },
};

describe('injected faults', () => {
  let objects: Stored[];
  let truth: GroundTruth;
  beforeAll(async () => {
    ({ objects, truth } = await generate(OPTIONS));
  });

  it('re-delivers duplicates as identical lines in another object, one in a later hour folder', () => {
    const first = new Map<string, { key: string; line: string }>();
    const copies: { key: string; original: string }[] = [];
    for (const { key, line } of lines(objects)) {
      const id = tryParse(line)?.requestId;
      if (typeof id !== 'string') continue;
      const seen = first.get(id);
      if (!seen) first.set(id, { key, line });
      else {
        expect(line).toBe(seen.line);
        copies.push({ key, original: seen.key });
      }
    }
    expect(copies.length).toBe(truth.duplicates);
    expect(copies.length).toBe(15);
    expect(copies.every((c) => c.key !== c.original)).toBe(true);
    expect(copies.some((c) => folderOf(c.key) > folderOf(c.original))).toBe(true);
  });

  it('writes late arrivals 1–3 hours behind their folder, one on the previous UTC day', () => {
    const seen = new Set<unknown>();
    const late = lines(objects).flatMap(({ key, line }) => {
      const rec = tryParse(line);
      const timestamp = rec?.timestamp;
      // A duplicate re-delivered in a later folder is a duplicate, not a late arrival.
      if (seen.has(rec?.requestId)) return [];
      seen.add(rec?.requestId);
      if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) return [];
      const behind = folderOf(key) - Math.floor(Date.parse(timestamp) / HOUR) * HOUR;
      return behind >= HOUR && behind <= 3 * HOUR ? [{ key, timestamp }] : [];
    });
    expect(late.length).toBe(8);
    expect(
      late.some(
        ({ key, timestamp }) => new Date(folderOf(key)).getUTCDate() !== new Date(timestamp).getUTCDate(),
      ),
    ).toBe(true);
  });

  it('writes bad lines of each kind, a BOM and empty lines', () => {
    const all = lines(objects).map((l) => l.line);
    expect(all.some((l) => l.startsWith('{"') && tryParse(l) === undefined)).toBe(true);
    expect(all.some((l) => tryParse(l) !== undefined && tryParse(l)?.requestId === undefined)).toBe(true);
    expect(all.some((l) => tryParse(l)?.timestamp === 'not-a-date')).toBe(true);
    expect(all.filter((l) => l === '').length).toBeGreaterThan(0);
    const bom = objects.filter((o) => !isBody(o.key) && inflate(o.body).startsWith('\uFEFF'));
    expect(bom.length).toBe(1);
  });

  it('cuts one object mid-stream, leaving whole lines and a partial one', () => {
    const cut = objects.filter((o) => {
      try {
        gunzipSync(o.body);
        return false;
      } catch {
        return true;
      }
    });
    expect(cut.length).toBe(1);
    const text = inflate(cut[0]?.body ?? Buffer.alloc(0));
    const parts = text.split('\n');
    const partial = parts.pop() ?? '';
    expect(parts.length).toBeGreaterThan(0);
    expect(partial.length).toBeGreaterThan(0);
    expect(tryParse(partial)).toBeUndefined();
  });

  it('offloads some bodies to data/ objects that the records point to', () => {
    const keys = new Set(objects.map((o) => o.key));
    const pointers = lines(objects).flatMap(({ key, line }) => {
      const rec = tryParse(line);
      const input = rec?.input as Record<string, unknown> | undefined;
      const output = rec?.output as Record<string, unknown> | undefined;
      if (typeof input?.inputBodyS3Path !== 'string') return [];
      expect(input.inputBodyJson).toBeUndefined();
      expect(output?.outputBodyJson).toBeUndefined();
      const paths = [input.inputBodyS3Path, output?.outputBodyS3Path].filter(
        (p): p is string => typeof p === 'string',
      );
      return paths.map((path) => ({ key, path }));
    });
    expect(pointers.length).toBeGreaterThan(0);
    for (const { key, path } of pointers) {
      expect(path.startsWith(`s3://${SYNTHETIC_BUCKET}/`)).toBe(true);
      const bodyKey = path.slice(`s3://${SYNTHETIC_BUCKET}/`.length);
      expect(keys.has(bodyKey), bodyKey).toBe(true);
      expect(bodyKey.slice(0, bodyKey.indexOf('data/'))).toBe(key.slice(0, key.lastIndexOf('/') + 1));
    }
    const bodies = objects.filter((o) => isBody(o.key));
    expect(bodies.length).toBe(truth.bodyObjects);
    expect(bodies.every((o) => typeof JSON.parse(gunzipSync(o.body).toString('utf8')) === 'object')).toBe(
      true,
    );
  });
});

describe('fault options', () => {
  it('reads values below 1 as rates per record', async () => {
    const { truth } = await generate({ ...OPTIONS, faults: { duplicates: 0.02, badLines: 0.01 } });
    expect(truth.records).toBeGreaterThan(500);
    expect(truth.duplicates).toBe(Math.round(0.02 * truth.records));
    expect(truth.badLines).toBe(Math.round(0.01 * truth.records));
  });

  it('injects nothing by default', async () => {
    const { objects, truth } = await generate({ ...OPTIONS, faults: undefined });
    expect([truth.duplicates, truth.badLines, truth.lateArrivals, truth.bodyObjects]).toEqual([0, 0, 0, 0]);
    for (const o of objects) {
      const text = gunzipSync(o.body).toString('utf8');
      expect(text.startsWith('{"')).toBe(true);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text.includes('\n\n')).toBe(false);
    }
  });
});
