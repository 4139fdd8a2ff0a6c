/**
 * The ingest part of `npm run bench`: Bedrock log ingest throughput against a plain floor, and peak memory.
 *
 * 1. Generates one hour of realistic Bedrock logs (≥ 200 MB of JSON, multi-KB bodies) once.
 * 2. In this process, alternates the floor (gunzip + split lines + JSON.parse, nothing else,
 *    with the same line splitter) and the real ingest (parse, stage, compact, Parquet): a warm-up
 *    round, then the counted rounds; reports the median rates and the median of the per-round ratios.
 * 3. Runs the `genai-finops ingest bedrock-logs` command itself under `/usr/bin/time -v`, as a user
 *    would, with one thread and with the machine's cores, each run right after a floor round: the
 *    whole process's rate against that floor, and its peak RSS.
 * 4. One UTC day (> 2 GB of JSON) through the command, for peak memory.
 *
 * Alone: `npx tsx bench/ingest.ts [--rounds N] [--cli-rounds N] [--no-day] [--cli dist/cli.mjs]`
 * (build the command first: `node scripts/build-cli.mjs`). Results go under `.tmp/bench-ingest`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../shared/bedrock';
import { parseConfig } from '../shared/config';
import { systemClock } from '../shared/ports';
import { measureDayFloor, measureDayMemory } from './day-memory';
import { hourCorpus } from './hour-corpus';
import { cpuNow, FLOOR_PROCESS, filesUnder, floor, parallelFloor } from './ingest-floor';
import { timeNode } from './time-command';

export interface IngestBenchOptions {
  /** Counted in-process rounds (after one warm-up). */
  rounds?: number;
  /** Counted command runs per thread count. */
  cliRounds?: number;
  /** Also ingest one UTC day for peak memory. */
  day?: boolean;
  /** The built command. */
  cli?: string;
  root?: string;
}

async function ingest(
  rawDir: string,
  storeDir: string,
  config: unknown,
): Promise<{ seconds: number; cpuSeconds: number; bytes: number; records: number }> {
  rmSync(storeDir, { recursive: true, force: true });
  const t0 = performance.now();
  const c0 = cpuNow();
  const s = await ingestBedrockLogs(
    {
      source: new FolderStore(rawDir),
      store: new FolderStore(storeDir),
      config: parseConfig(config),
      clock: systemClock,
    },
    {},
  );
  return {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: cpuNow() - c0,
    bytes: s.bytesDecompressed,
    records: s.recordsWritten,
  };
}

interface CliRun {
  rssMb: number;
  wallSeconds: number;
  cpuSeconds: number;
  mbPerSecond: number;
  recordsWritten: number;
}

/** The command as a user runs it, on the hour's files, with `threads` worker threads. */
function cliRun(
  cli: string,
  rawDir: string,
  storeDir: string,
  configFile: string,
  threads: number,
): CliRun | undefined {
  rmSync(storeDir, { recursive: true, force: true });
  const timed = timeNode([
    cli,
    'ingest',
    'bedrock-logs',
    '--source',
    rawDir,
    '--store',
    storeDir,
    '--config',
    configFile,
    '--threads',
    String(threads),
    '--json',
  ]);
  if (!timed) return undefined;
  const s = JSON.parse(timed.stdout.trim().split('\n').pop() as string) as {
    bytesDecompressed: number;
    recordsWritten: number;
  };
  return {
    ...timed,
    mbPerSecond: mb(s.bytesDecompressed) / timed.wallSeconds,
    recordsWritten: s.recordsWritten,
  };
}

/** The V8 heap cap of the day's bounded run, in MB. */
const DAY_HEAP_MB = 320;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mb = (b: number): number => b / 1024 / 1024;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export async function runIngestBench(options: IngestBenchOptions = {}): Promise<void> {
  const rounds = options.rounds ?? 5;
  const cliRounds = options.cliRounds ?? 3;
  const cli = resolve(options.cli ?? 'dist/cli.mjs');
  const root = resolve(options.root ?? '.tmp/bench-ingest');
  const rawDir = join(root, 'raw');
  mkdirSync(root, { recursive: true });
  process.stdout.write(`generating one hour of realistic Bedrock logs (cached after the first run) …\n`);
  const corpus = await hourCorpus(rawDir);
  const configFile = join(root, 'config.json');
  writeFileSync(configFile, JSON.stringify(corpus.config));
  const files = filesUnder(rawDir);
  process.stdout.write(
    `corpus: ${files.length} objects, ${corpus.records.toLocaleString('en-US')} records, ${mb(corpus.uncompressed).toFixed(1)} MB JSON, ${mb(corpus.compressed).toFixed(1)} MB gzip; load average ${load()}\n`,
  );
  const floors: number[] = [];
  const wholeFloors: number[] = [];
  const ingests: number[] = [];
  const recordRates: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  // One warm-up round (JIT, file cache) is run and not counted.
  for (let round = 0; round <= rounds; round++) {
    const f = await floor(files);
    const w = await floor(files, true);
    const i = await ingest(rawDir, join(root, 'lake'), corpus.config);
    if (round === 0) continue;
    wholeFloors.push(mb(w.bytes) / w.seconds);
    if (i.records !== corpus.records)
      throw new Error(`ingest wrote ${i.records} records, expected ${corpus.records}`);
    floors.push(mb(f.bytes) / f.seconds);
    ingests.push(mb(i.bytes) / i.seconds);
    recordRates.push(i.records / i.seconds);
    // Each round's pair ran back to back: their ratio is steadier than a ratio of medians on a busy machine.
    ratios.push(f.seconds / i.seconds);
    cpuRatios.push(f.cpuSeconds / i.cpuSeconds);
    process.stdout.write(
      `round ${round}: floor ${(mb(f.bytes) / f.seconds).toFixed(1)} MB/s in ${f.seconds.toFixed(2)} s, ingest ${(mb(i.bytes) / i.seconds).toFixed(1)} MB/s in ${i.seconds.toFixed(2)} s, ratio ${(f.seconds / i.seconds).toFixed(2)}\n`,
    );
  }

  // The command, one thread and the machine's cores in turn, each run against a floor round just before it.
  const cores = availableParallelism();
  const threadCounts = cores > 1 ? [1, cores] : [1];
  const cliRuns = new Map<number, { runs: CliRun[]; ratios: number[]; processRatios: number[] }>(
    threadCounts.map((t) => [t, { runs: [], ratios: [], processRatios: [] }]),
  );
  const processFloors: number[] = [];
  for (let round = 1; round <= cliRounds; round++) {
    for (const threads of threadCounts) {
      const f = await floor(files);
      const fRate = mb(f.bytes) / f.seconds;
      const p = timeNode([FLOOR_PROCESS, rawDir]);
      const r = cliRun(cli, rawDir, join(root, `lake-cli-${threads}`), configFile, threads);
      if (!r) {
        process.stdout.write('  /usr/bin/time is missing (apt-get install time): the command runs skipped\n');
        break;
      }
      if (r.recordsWritten !== corpus.records)
        throw new Error(`the command wrote ${r.recordsWritten} records, expected ${corpus.records}`);
      const slot = cliRuns.get(threads) as { runs: CliRun[]; ratios: number[]; processRatios: number[] };
      slot.runs.push(r);
      slot.ratios.push(r.mbPerSecond / fRate);
      if (p) {
        processFloors.push(p.wallSeconds);
        slot.processRatios.push(p.wallSeconds / r.wallSeconds);
      }
      process.stdout.write(
        `command round ${round}, ${threads} thread${threads === 1 ? '' : 's'}: ${r.mbPerSecond.toFixed(1)} MB/s in ${r.wallSeconds.toFixed(2)} s (floor just before ${fRate.toFixed(1)} MB/s: ${(r.mbPerSecond / fRate).toFixed(2)}×), ${r.cpuSeconds.toFixed(2)} s CPU, peak RSS ${r.rssMb.toFixed(0)} MB; load ${load()}\n`,
      );
    }
  }

  process.stdout.write(
    `\nBedrock log ingest, one hour of logs (median of ${rounds} rounds after a warm-up)\n`,
  );
  process.stdout.write(
    `  ingest rate      ${median(ingests).toFixed(1)} MB/s, ${Math.round(median(recordRates)).toLocaleString('en-US')} records/s\n`,
  );
  process.stdout.write(
    `  floor rate       ${median(floors).toFixed(1)} MB/s (gunzip + split lines + JSON.parse, one core)\n`,
  );
  process.stdout.write(
    `  floor, whole     ${median(wholeFloors).toFixed(1)} MB/s (the same with each object inflated in one call)\n`,
  );
  process.stdout.write(
    `  ratio            ${median(ratios).toFixed(2)} (median of the rounds' ingest/floor rate ratios, lowest ${Math.min(...ratios).toFixed(2)}; target ≥ 0.80)\n`,
  );
  process.stdout.write(
    `  CPU ratio        ${median(cpuRatios).toFixed(2)} (floor CPU seconds / ingest CPU seconds, median of the rounds: steadier on a busy machine)\n`,
  );
  const halves = await parallelFloor(rawDir, cores);
  if (processFloors.length > 0)
    process.stdout.write(
      `  floor, a process ${median(processFloors).toFixed(2)} s wall (node bench/floor-process.mjs: the same work as a whole process, one core)${halves ? `; ${cores} such processes on ${cores} shares of the files at once: ${halves.toFixed(2)} s = ${(median(processFloors) / halves).toFixed(2)}× (what this machine's cores give work that shares nothing)` : ''}\n`,
    );
  for (const [threads, { runs, ratios: r, processRatios }] of cliRuns) {
    if (runs.length === 0) continue;
    const rate = median(runs.map((x) => x.mbPerSecond));
    const rss = Math.max(...runs.map((x) => x.rssMb));
    const cpu = median(runs.map((x) => x.cpuSeconds));
    const label = `CLI, ${threads} thread${threads === 1 ? ' ' : 's'}`.padEnd(17);
    process.stdout.write(
      `  ${label}${rate.toFixed(1)} MB/s whole process = ${median(r).toFixed(2)}× the single-core floor (median of ${runs.length}; ${(rate / median(wholeFloors)).toFixed(2)}× the whole-inflate floor), ${cpu.toFixed(2)} s CPU, peak RSS ${rss.toFixed(0)} MB${threads === 1 ? ' (target ≤ 256 MB)' : ' (target ≥ 1.25×)'}${processRatios.length > 0 ? `; ${median(processRatios).toFixed(2)}× the floor process` : ''}\n`,
    );
  }

  if (options.day === false) return;
  process.stdout.write('\ngenerating one day of logs for the memory case (cached after the first run) …\n');
  // The day's floor as a whole process on the same files: what a day's ingest is measured against.
  const dayFloor = await measureDayFloor(root);
  for (const threads of threadCounts) {
    const day = await measureDayMemory(root, threads, cli);
    if (!day) {
      process.stdout.write('  /usr/bin/time is missing (apt-get install time): the day case skipped\n');
      break;
    }
    if (day.recordsWritten !== day.records)
      throw new Error(`the day ingest wrote ${day.recordsWritten} records, expected ${day.records}`);
    if (threads === 1)
      process.stdout.write(
        `\nOne UTC day: ${day.records.toLocaleString('en-US')} invocations, ${(day.jsonMb / 1024).toFixed(2)} GB JSON, ${(day.gzipMb / 1024).toFixed(2)} GB gzip\n`,
      );
    if (threads === 1 && dayFloor)
      process.stdout.write(
        `  floor, a process ${dayFloor.wallSeconds.toFixed(1)} s wall, ${dayFloor.cpuSeconds.toFixed(1)} s CPU (node ${FLOOR_PROCESS} on the day's files, one core)\n`,
      );
    const ratio = dayFloor
      ? ` = ${(dayFloor.wallSeconds / day.wallSeconds).toFixed(2)}× the floor process${threads > 1 ? ' (target ≥ 1.25×)' : ''}`
      : '';
    process.stdout.write(
      `  ${threads} thread${threads === 1 ? ' ' : 's'}         wall ${day.wallSeconds.toFixed(1)} s${ratio}, ${day.cpuSeconds.toFixed(1)} s CPU, peak RSS ${day.rssMb.toFixed(0)} MB (V8's heap uncapped: it lets garbage grow on a large machine)\n`,
    );
  }
  // What the day needs: with the heap capped (a Lambda function's memory size caps it), V8 collects sooner.
  const capped = await measureDayMemory(root, 1, cli, DAY_HEAP_MB);
  if (capped)
    process.stdout.write(
      `  peak RSS, 1 thread, --max-old-space-size=${DAY_HEAP_MB}  ${capped.rssMb.toFixed(0)} MB, wall ${capped.wallSeconds.toFixed(1)} s, ${capped.cpuSeconds.toFixed(1)} s CPU (target < 512 MB; the Lambda path)\n`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  await runIngestBench({
    rounds: value('--rounds') === undefined ? undefined : Number(value('--rounds')),
    cliRounds: value('--cli-rounds') === undefined ? undefined : Number(value('--cli-rounds')),
    day: !args.includes('--no-day'),
    cli: value('--cli'),
    root: value('--root'),
  });
}
