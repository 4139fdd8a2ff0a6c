/**
 * The memory case of `npm run bench`: one UTC day of more than 2 GB of logs (about 800k
 * invocations) ingested by the `genai-finops` command, as a user runs it, under `/usr/bin/time -v`.
 * A day's compaction runs in request_id hash buckets, so peak memory must stay under 512 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dayCorpus } from './day-corpus';

const RECORDS = 800_000;

export interface DayMemory {
  records: number;
  jsonMb: number;
  gzipMb: number;
  rssMb: number;
  wallSeconds: number;
  recordsWritten: number;
}

/** Runs the case in `root`; undefined when `/usr/bin/time` is missing. */
export async function measureDayMemory(root: string): Promise<DayMemory | undefined> {
  if (!existsSync('/usr/bin/time')) return undefined;
  const raw = join(root, 'day-raw');
  const corpus = await dayCorpus(raw, RECORDS);
  const lake = join(root, 'day-lake');
  rmSync(lake, { recursive: true, force: true });
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      'dist/cli.mjs',
      'ingest',
      'bedrock-logs',
      '--source',
      raw,
      '--store',
      lake,
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`the CLI ingest of one day failed: ${run.stderr.slice(-2000)}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(run.stderr);
  if (!kb || !wall) return undefined;
  const summary = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { recordsWritten: number };
  return {
    records: corpus.records,
    jsonMb: corpus.uncompressed / 1024 / 1024,
    gzipMb: corpus.compressed / 1024 / 1024,
    rssMb: Number(kb[1]) / 1024,
    wallSeconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    recordsWritten: summary.recordsWritten,
  };
}
