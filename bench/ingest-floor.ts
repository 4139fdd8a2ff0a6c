/**
 * The ingest bench's floors: the work no ingest can avoid (gunzip, split lines, `JSON.parse`), in
 * this process and as whole processes (`floor-process.mjs`), and the files they read.
 */
import { spawn } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type LineStats, readLines, readLinesFromBytes } from '../shared/io/read-lines';

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/**
 * The floor: the work no ingest can avoid, gunzip streamed (as this bench has always measured it).
 * `whole`: each object inflated in one call instead, as the ingest now reads objects up to 2 MB
 * (8 MB on its workers) — a faster floor, printed alongside.
 */
export async function floor(
  files: string[],
  whole = false,
): Promise<{ seconds: number; cpuSeconds: number; bytes: number; records: number }> {
  const t0 = performance.now();
  const c0 = cpuNow();
  let bytes = 0;
  let records = 0;
  for (const f of files) {
    const stats: LineStats = { bytesIn: 0, bytesOut: 0 };
    const lines = whole ? readLinesFromBytes(readFileSync(f), stats) : readLines(createReadStream(f), stats);
    for await (const line of lines) {
      if (line.length > 0) {
        JSON.parse(line);
        records++;
      }
    }
    bytes += stats.bytesOut;
  }
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuNow() - c0, bytes, records };
}

/** The floor as a whole process (see the file). */
export const FLOOR_PROCESS = 'bench/floor-process.mjs';

/** Wall seconds of `parts` floor processes run at once, each on its share of the files. */
export async function parallelFloor(rawDir: string, parts: number): Promise<number | undefined> {
  if (parts < 2) return undefined;
  const t0 = performance.now();
  const codes = await Promise.all(
    Array.from(
      { length: parts },
      (_, part) =>
        new Promise<number | null>((done) =>
          spawn(process.execPath, [FLOOR_PROCESS, rawDir, String(part), String(parts)], {
            stdio: 'ignore',
          }).on('close', done),
        ),
    ),
  );
  if (codes.some((c) => c !== 0)) throw new Error('a floor process failed');
  return (performance.now() - t0) / 1000;
}

/** CPU seconds of this process so far, the thread pool's included. */
export const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
