/**
 * `npm run bench`: Bedrock log ingest throughput against a plain floor, and peak memory.
 *
 * 1. Generates one hour of realistic Bedrock logs (≥ 200 MB of JSON, multi-KB bodies) once.
 * 2. In this process, alternates the floor (gunzip + split lines + JSON.parse, nothing else,
 *    with the same line splitter) and the real ingest (parse, stage, compact, Parquet): a warm-up
 *    round, then 5 counted rounds; reports the median rates and the median of the per-round ratios.
 * 3. Runs the `genai-finops ingest bedrock-logs` command itself under `/usr/bin/time -v` for its
 *    peak RSS, as a user would run it.
 */
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../shared/bedrock';
import { parseConfig } from '../shared/config';
import { type LineStats, readLines } from '../shared/io/read-lines';
import { systemClock } from '../shared/ports';
import { generateSyntheticLogs } from '../src/demo';
import { measureDayMemory } from './day-memory';
import { runDetectBench } from './detect-eval';
import { runFinopsBench } from './finops-queries';
import { timeNode } from './time-command';

const root = resolve('.tmp/bench');
const rawDir = join(root, 'raw');
const TARGET_BYTES = 200 * 1024 * 1024;
const ROUNDS = 5;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .sort();
}

async function generate(): Promise<{
  records: number;
  uncompressed: number;
  compressed: number;
  config: unknown;
}> {
  rmSync(rawDir, { recursive: true, force: true });
  const raw = new FolderStore(rawDir);
  const start = new Date('2026-03-02T14:00:00Z');
  // Calibrate: a small hour tells the average bytes per invocation, then aim just above 200 MB.
  const probe = await generateSyntheticLogs(async () => {}, {
    seed: 7,
    start,
    hours: 1,
    invocationsPerHour: 2_000,
    bodies: 'realistic',
  });
  const perHour = Math.ceil(((TARGET_BYTES * 1.05) / probe.bytesUncompressed) * 2_000);
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 7,
    start,
    hours: 1,
    invocationsPerHour: perHour,
    bodies: 'realistic',
  });
  return {
    records: truth.records,
    uncompressed: truth.bytesUncompressed,
    compressed: truth.bytesCompressed,
    config: truth.config,
  };
}

/** The floor: the work no ingest can avoid. */
async function floor(files: string[]): Promise<{ seconds: number; bytes: number; records: number }> {
  const t0 = performance.now();
  let bytes = 0;
  let records = 0;
  for (const f of files) {
    const stats: LineStats = { bytesIn: 0, bytesOut: 0 };
    for await (const line of readLines(createReadStream(f), stats)) {
      if (line.length > 0) {
        JSON.parse(line);
        records++;
      }
    }
    bytes += stats.bytesOut;
  }
  return { seconds: (performance.now() - t0) / 1000, bytes, records };
}

async function ingest(config: unknown): Promise<{ seconds: number; bytes: number; records: number }> {
  const storeDir = join(root, 'lake');
  rmSync(storeDir, { recursive: true, force: true });
  const t0 = performance.now();
  const s = await ingestBedrockLogs(
    {
      source: new FolderStore(rawDir),
      store: new FolderStore(storeDir),
      config: parseConfig(config),
      clock: systemClock,
    },
    {},
  );
  return { seconds: (performance.now() - t0) / 1000, bytes: s.bytesDecompressed, records: s.recordsWritten };
}

/** The command as a user runs it, on the hour's files, with `threads` worker threads. */
function cliRun(threads: number): { rssMb: number; wallSeconds: number; mbPerSecond: number } | undefined {
  const storeDir = join(root, `lake-cli-${threads}`);
  rmSync(storeDir, { recursive: true, force: true });
  const args = ['dist/cli.mjs', 'ingest', 'bedrock-logs', '--source', rawDir, '--store', storeDir];
  const timed = timeNode([...args, '--threads', String(threads), '--json']);
  if (!timed) return undefined;
  const s = JSON.parse(timed.stdout.trim().split('\n').pop() as string) as { bytesDecompressed: number };
  return { ...timed, mbPerSecond: mb(s.bytesDecompressed) / timed.wallSeconds };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mb = (b: number): number => b / 1024 / 1024;

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  process.stdout.write('generating one hour of realistic Bedrock logs …\n');
  const corpus = await generate();
  const files = filesUnder(rawDir);
  process.stdout.write(
    `corpus: ${files.length} objects, ${corpus.records.toLocaleString('en-US')} records, ${mb(corpus.uncompressed).toFixed(1)} MB JSON, ${mb(corpus.compressed).toFixed(1)} MB gzip\n`,
  );
  const floors: number[] = [];
  const ingests: number[] = [];
  const recordRates: number[] = [];
  const ratios: number[] = [];
  // One warm-up round (JIT, file cache) is run and not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const f = await floor(files);
    const i = await ingest(corpus.config);
    if (round === 0) continue;
    if (i.records !== corpus.records)
      throw new Error(`ingest wrote ${i.records} records, expected ${corpus.records}`);
    floors.push(mb(f.bytes) / f.seconds);
    ingests.push(mb(i.bytes) / i.seconds);
    recordRates.push(i.records / i.seconds);
    // Each round's pair ran back to back: their ratio is steadier than a ratio of medians on a busy machine.
    ratios.push(f.seconds / i.seconds);
    process.stdout.write(
      `round ${round}: floor ${(mb(f.bytes) / f.seconds).toFixed(1)} MB/s in ${f.seconds.toFixed(2)} s, ingest ${(mb(i.bytes) / i.seconds).toFixed(1)} MB/s in ${i.seconds.toFixed(2)} s, ratio ${(f.seconds / i.seconds).toFixed(2)}\n`,
    );
  }
  const single = cliRun(1);
  const cores = availableParallelism();
  const threaded = cores > 1 ? cliRun(cores) : undefined;
  const ratio = median(ratios);
  process.stdout.write(
    `\nBedrock log ingest, one hour of logs (median of ${ROUNDS} rounds after a warm-up)\n`,
  );
  process.stdout.write(
    `  ingest rate      ${median(ingests).toFixed(1)} MB/s, ${Math.round(median(recordRates)).toLocaleString('en-US')} records/s\n`,
  );
  process.stdout.write(
    `  floor rate       ${median(floors).toFixed(1)} MB/s (gunzip + split lines + JSON.parse)\n`,
  );
  process.stdout.write(
    `  ratio            ${ratio.toFixed(2)} (median of the rounds' ingest/floor rate ratios, lowest ${Math.min(...ratios).toFixed(2)}; target ≥ 0.80)\n`,
  );
  if (single)
    process.stdout.write(
      `  CLI, 1 thread    ${single.mbPerSecond.toFixed(1)} MB/s, peak RSS ${single.rssMb.toFixed(0)} MB, wall ${single.wallSeconds.toFixed(2)} s (target ≤ 256 MB)\n`,
    );
  if (threaded)
    process.stdout.write(
      `  CLI, ${cores} threads   ${threaded.mbPerSecond.toFixed(1)} MB/s whole process = ${(threaded.mbPerSecond / median(floors)).toFixed(2)}× the single-core floor, peak RSS ${threaded.rssMb.toFixed(0)} MB (target ≥ 1.25×)\n`,
    );
  process.stdout.write('\ngenerating one day of logs for the memory case (cached after the first run) …\n');
  for (const threads of cores > 1 ? [1, cores] : [1]) {
    const day = await measureDayMemory(root, threads);
    if (!day) break;
    if (day.recordsWritten !== day.records)
      throw new Error(`the day ingest wrote ${day.recordsWritten} records, expected ${day.records}`);
    if (threads === 1)
      process.stdout.write(
        `\nOne UTC day: ${day.records.toLocaleString('en-US')} invocations, ${(day.jsonMb / 1024).toFixed(2)} GB JSON, ${(day.gzipMb / 1024).toFixed(2)} GB gzip\n`,
      );
    process.stdout.write(
      `  peak RSS, ${threads} thread${threads === 1 ? ' ' : 's'}  ${day.rssMb.toFixed(0)} MB, wall ${day.wallSeconds.toFixed(1)} s${threads === 1 ? ' (target < 512 MB; the Lambda path)' : ''}\n`,
    );
  }
}

await main();
process.stdout.write('\n');
await runDetectBench();
process.stdout.write('\n');
await runFinopsBench();
