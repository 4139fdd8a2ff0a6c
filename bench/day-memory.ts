/**
 * The memory case of `npm run bench`: one UTC day of logs (24 hours at `RECORDS / 24` an hour as the
 * generator plans them: about 1M invocations, 6.85 GB of JSON) ingested by the `genai-finops`
 * command, as a user runs it, under `/usr/bin/time -v`. A day's compaction runs in request_id hash
 * buckets, so with V8's heap capped as a Lambda function's memory caps it, peak memory must stay
 * under 512 MB.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dayCorpus } from './day-corpus';
import { FLOOR_PROCESS } from './ingest-floor';
import { timeNode } from './time-command';

const RECORDS = 800_000;

export interface DayMemory {
  threads: number;
  records: number;
  jsonMb: number;
  gzipMb: number;
  rssMb: number;
  wallSeconds: number;
  cpuSeconds: number;
  recordsWritten: number;
}

/** Runs the case in `root` with `threads` read threads; undefined when `/usr/bin/time` is missing. */
export async function measureDayMemory(
  root: string,
  threads: number,
  cli = 'dist/cli.mjs',
  /** Caps V8's old generation (`--max-old-space-size`), as a Lambda function's memory size does. */
  heapMb?: number,
): Promise<DayMemory | undefined> {
  const raw = join(root, 'day-raw');
  const corpus = await dayCorpus(raw, RECORDS);
  const lake = join(root, 'day-lake');
  rmSync(lake, { recursive: true, force: true });
  const timed = timeNode([
    ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
    cli,
    'ingest',
    'bedrock-logs',
    '--source',
    raw,
    '--store',
    lake,
    '--threads',
    String(threads),
    '--json',
  ]);
  if (!timed) return undefined;
  const summary = JSON.parse(timed.stdout.trim().split('\n').pop() as string) as { recordsWritten: number };
  return {
    threads,
    records: corpus.records,
    jsonMb: corpus.uncompressed / 1024 / 1024,
    gzipMb: corpus.compressed / 1024 / 1024,
    rssMb: timed.rssMb,
    wallSeconds: timed.wallSeconds,
    cpuSeconds: timed.cpuSeconds,
    recordsWritten: summary.recordsWritten,
  };
}

/** The day's floor as a whole process (`bench/floor-process.mjs` over its files); undefined without `/usr/bin/time`. */
export async function measureDayFloor(
  root: string,
): Promise<{ wallSeconds: number; cpuSeconds: number } | undefined> {
  const raw = join(root, 'day-raw');
  await dayCorpus(raw, RECORDS);
  const timed = timeNode([FLOOR_PROCESS, raw]);
  return timed ? { wallSeconds: timed.wallSeconds, cpuSeconds: timed.cpuSeconds } : undefined;
}
