/**
 * The fan-out's pieces, measured with the real code on this machine (`npx tsx bench/ingest-pieces.ts`,
 * also part of `npm run bench`): one generated hour of realistic Bedrock logs staged as one piece
 * (objects/s, MB/s, invocations/s), and a day of staged rows rebuilt by one compaction step (rows/s),
 * both on the folder store (CPU, not the network). From those rates: the Lambda concurrency a
 * 50M-invocation day and a 90-day backfill need, and the Step Functions transitions of a 15-minute run.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { BUCKET_STAGED_BYTES, bucketsFor } from '../shared/bedrock/compact';
import { finishDayBuild, mergeDayStep } from '../shared/bedrock/fan-out-day-merge';
import {
  FAN_OUT_GROUP_BYTES,
  ONE_STEP_BYTES,
  planDayBuild,
  STEP_BYTES,
  shuffleDayStep,
} from '../shared/bedrock/fan-out-day-plan';
import { compactRunDay } from '../shared/bedrock/fan-out-days';
import { planFanOut } from '../shared/bedrock/fan-out-plan';
import { listStaged, stagedKey } from '../shared/bedrock/stage-paths';
import { stagePiece } from '../shared/bedrock/stage-piece';
import { bedrockStage } from '../shared/bedrock/stage-table';
import { type AppConfig, parseConfig } from '../shared/config';
import { decodeParquet, encodeParquet } from '../shared/lake/parquet';
import { HOUR_MS } from '../shared/lake/utc';
import { systemClock } from '../shared/ports';
import { generateSyntheticLogs } from '../src/demo';

const START = new Date('2026-03-02T14:00:00Z');
/** JSON bytes of the generated hour: big enough that a piece's fixed costs do not dominate. */
const TARGET_BYTES = 80 * 1024 * 1024;
/** Copies of the hour's staged rows (new request ids each) that make the days compacted: a small and a large day. */
const DAY_COPIES = [12, 48];
const ROUNDS = 3;
/** The fanned-out function has 1,769 MB: one whole vCPU (1,024 MB would be 0.58); this machine's core counts as one. */
const LAMBDA_MB = 1769;
const LAMBDA_CPU = LAMBDA_MB / 1769;

interface Corpus {
  records: number;
  objects: number;
  jsonBytes: number;
  gzipBytes: number;
  config: unknown;
}

async function corpus(raw: string): Promise<Corpus> {
  const marker = join(raw, '..', 'corpus.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as Corpus;
  rmSync(raw, { recursive: true, force: true });
  const probe = await generateSyntheticLogs(async () => {}, {
    seed: 11,
    start: START,
    hours: 1,
    invocationsPerHour: 1_000,
    bodies: 'realistic',
  });
  const store = new FolderStore(raw);
  const truth = await generateSyntheticLogs((key, body) => store.put(key, body), {
    seed: 11,
    start: START,
    hours: 1,
    invocationsPerHour: Math.ceil((TARGET_BYTES / probe.bytesUncompressed) * 1_000),
    bodies: 'realistic',
  });
  const c: Corpus = {
    records: truth.records,
    objects: truth.objects,
    jsonBytes: truth.bytesUncompressed,
    gzipBytes: truth.bytesCompressed,
    config: truth.config,
  };
  writeFileSync(marker, JSON.stringify(c));
  return c;
}

/** CPU seconds (user + system) this process used since `from`: the rate per core, whatever else the machine runs. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mb = (b: number): number => b / 1024 / 1024;
const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs `work`, sampling the process's resident memory: the peak in MB. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    return { result, peakMb: mb(Math.max(peak, process.memoryUsage().rss)) };
  } finally {
    clearInterval(timer);
  }
}

/** The large day rebuilt as the fan-out does (every step forced, one bucket per merge step): CPU seconds per kind of step. */
async function fanOutDay(lake: string, dt: string, config: AppConfig) {
  const store = new FolderStore(lake);
  const bytes = (await listStaged(store, dt)).reduce((n, o) => n + o.size, 0);
  const deps = { store, config, clock: systemClock, oneStepBytes: 0, stepBytes: BUCKET_STAGED_BYTES };
  const time = async (work: () => Promise<unknown>) => {
    const cpu0 = process.cpuUsage();
    await work();
    return cpuSeconds(cpu0);
  };
  let steps = { dt, shuffleSteps: [] as number[], mergeSteps: [] as number[] };
  const plan = await time(async () => {
    steps = await planDayBuild(deps, 'bench-day', dt);
  });
  let rows = 0;
  let objects = 0;
  const shuffle = await time(async () => {
    for (const n of steps.shuffleSteps) {
      const r = await shuffleDayStep(deps, 'bench-day', dt, n);
      rows += r.rowsRead;
      objects += r.objectsWritten;
    }
  });
  const merge = await time(async () => {
    for (const n of steps.mergeSteps) await mergeDayStep(deps, 'bench-day', dt, n);
  });
  const finish = await time(() => finishDayBuild(deps, 'bench-day', dt));
  return { bytes, rows, objects, plan, shuffle, merge, finish, steps };
}

/** One staging round: a fresh lake, the hour planned as one piece and staged. */
async function stageRound(raw: string, lake: string, config: AppConfig) {
  rmSync(lake, { recursive: true, force: true });
  const deps = { source: new FolderStore(raw), store: new FolderStore(lake), config, clock: systemClock };
  const window = { from: START, to: new Date(START.getTime() + HOUR_MS) };
  await planFanOut(deps, { runId: 'bench', window, pieceHours: 1 });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const piece = await stagePiece(deps, { runId: 'bench', piece: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(cpu0);
  const read = piece.outcomes.filter((o) => !o.unchanged);
  return {
    seconds,
    cpu,
    objects: read.reduce((n, o) => n + o.objectsRead, 0),
    bytesGzip: read.reduce((n, o) => n + o.bytesRead, 0),
    bytesJson: read.reduce((n, o) => n + o.bytesDecompressed, 0),
    records: read.reduce((n, o) => n + o.recordsRead, 0),
    days: [...new Set(read.flatMap((o) => o.daysChanged))],
  };
}

/** Makes the day bigger: copies of every staged extract of `dt` under new unit ids, with new request ids. */
async function growDay(lake: string, dt: string, from: number, to: number): Promise<void> {
  const store = new FolderStore(lake);
  const extracts: string[] = [];
  for await (const o of store.list(`_stage/bedrock_invocations/dt=${dt}/`))
    if (!o.key.includes('_copy')) extracts.push(o.key);
  for (const key of extracts) {
    const rows = await decodeParquet(await store.getBytes(key));
    const unit = /([^/]+)\.parquet$/.exec(key)?.[1] ?? 'unit';
    for (let copy = from; copy < to; copy++) {
      const copied = rows.map((r) => ({ ...r, request_id: `${r.request_id as string}-${copy}` }));
      await store.put(
        stagedKey(dt, `${unit}_copy${copy}`),
        encodeParquet(bedrockStage, copied, { uncompressed: true }),
      );
    }
  }
}

/** Runs the measurements and prints them (with what they imply). */
export async function runIngestPiecesBench(root = resolve('.tmp/bench-pieces')): Promise<void> {
  mkdirSync(root, { recursive: true });
  const raw = join(root, 'raw');
  const lake = join(root, 'lake');
  process.stdout.write('fan-out pieces: generating one hour of realistic Bedrock logs (cached) …\n');
  const c = await corpus(raw);
  const config = parseConfig(c.config);
  const stages: Awaited<ReturnType<typeof stageRound>>[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const s = await stageRound(raw, lake, config);
    if (s.records !== c.records)
      throw new Error(`the piece read ${s.records} records, expected ${c.records}`);
    if (round > 0) stages.push(s); // round 0 warms up
  }
  const stageSeconds = median(stages.map((s) => s.seconds));
  const stageCpu = median(stages.map((s) => s.cpu));
  const last = stages[stages.length - 1] as (typeof stages)[number];
  // Per core: the machine is shared, so CPU time is the steadier basis (wall time is printed too).
  const recordsPerSecond = c.records / stageCpu;

  const dt = last.days.sort().at(-1) as string;
  // Two day sizes: the time of one process is linear in the rows when the day's staged rows are
  // shuffled into buckets once (it grew as rows^1.25 when each bucket re-read the day).
  const sizes: { rows: number; cpu: number; seconds: number; peakMb: number; bytes: number }[] = [];
  let copies = 1;
  for (const target of DAY_COPIES) {
    await growDay(lake, dt, copies, target);
    copies = target;
    const rounds: { seconds: number; cpu: number; rows: number; peakMb: number }[] = [];
    for (let round = sizes.length === 0 ? 0 : 1; round <= 2; round++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const { result: day, peakMb } = await peakRss(() =>
        compactRunDay({ store: new FolderStore(lake), config, clock: systemClock }, 'bench', dt),
      );
      const cpu = cpuSeconds(cpu0);
      if (round > 0)
        rounds.push({ seconds: (performance.now() - t0) / 1000, cpu, rows: day.rowsStaged, peakMb });
    }
    const bytes = (await listStaged(new FolderStore(lake), dt)).reduce((n, o) => n + o.size, 0);
    sizes.push({
      rows: rounds[0]?.rows ?? 0,
      cpu: median(rounds.map((x) => x.cpu)),
      seconds: median(rounds.map((x) => x.seconds)),
      peakMb: Math.max(...rounds.map((x) => x.peakMb)),
      bytes,
    });
  }
  const [small, large] = sizes as [(typeof sizes)[number], (typeof sizes)[number]];
  const exponent = Math.log(large.cpu / small.cpu) / Math.log(large.rows / small.rows);
  /**
   * CPU seconds of one core to rebuild a day of `n` rows in one process: linear from the larger day,
   * which has several buckets (the smaller one fits in one bucket and skips the shuffle, so the
   * exponent between the two overstates the growth).
   */
  const rebuildCpu = (n: number): number => large.cpu * (n / large.rows);
  const { result: fan, peakMb: fanPeakMb } = await peakRss(() => fanOutDay(lake, dt, config));
  if (fan.rows !== large.rows) throw new Error(`the shuffle read ${fan.rows} rows, expected ${large.rows}`);

  // What the rates imply, at a Lambda's share of a vCPU.
  const lambdaRecords = recordsPerSecond * LAMBDA_CPU;
  const perDay = 50_000_000;
  const perRun = perDay / 96;
  const stageRunSeconds = perRun / lambdaRecords;
  const dayRebuildSeconds = rebuildCpu(perDay) / LAMBDA_CPU;
  // The fanned-out day at 50M: staged bytes per row as measured, steps of STEP_BYTES each.
  const bytesPerRow = large.bytes / large.rows;
  const dayBytes = perDay * bytesPerRow;
  const stepRows = STEP_BYTES / bytesPerRow;
  const shuffleRate = fan.rows / fan.shuffle;
  const mergeRate = fan.rows / fan.merge;
  const finishRate = fan.rows / fan.finish;
  const shuffleStepSeconds = stepRows / shuffleRate / LAMBDA_CPU;
  const mergeStepSeconds = stepRows / mergeRate / LAMBDA_CPU;
  const finishSeconds = perDay / finishRate / LAMBDA_CPU;
  const dayBuckets = bucketsFor(dayBytes);
  const daySteps = Math.ceil(dayBytes / STEP_BYTES);
  const shuffleObjects = Math.ceil(dayBytes / FAN_OUT_GROUP_BYTES) * dayBuckets;
  const oneStepRows = ONE_STEP_BYTES / bytesPerRow;
  const backfill = perDay * 90;
  const hours = [2, 4, 8];
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `\nFan-out pieces (one generated hour: ${fmt(c.objects)} objects, ${fmt(c.records)} invocations, ${fmt(mb(c.jsonBytes), 1)} MB JSON, ${fmt(mb(c.gzipBytes), 1)} MB gzip; median of ${ROUNDS} rounds after a warm-up, folder store)`,
  );
  out(
    `  stage one piece    ${fmt(stageCpu, 2)} CPU s (${fmt(stageSeconds, 2)} s wall): per core ${fmt(last.objects / stageCpu)} objects/s, ${fmt(mb(last.bytesGzip) / stageCpu, 1)} MB/s gzip (${fmt(mb(last.bytesJson) / stageCpu, 1)} MB/s JSON), ${fmt(recordsPerSecond)} invocations/s`,
  );
  for (const size of sizes)
    out(
      `  rebuild one day    ${fmt(size.rows)} staged rows (${fmt(mb(size.bytes), 1)} MB, ${bucketsFor(size.bytes)} bucket(s)) in ${fmt(size.cpu, 2)} CPU s (${fmt(size.seconds, 2)} s wall), one process: ${fmt(size.rows / size.cpu)} rows/s per core, peak RSS ${fmt(size.peakMb)} MB`,
    );
  out(
    `  one-process rebuild time grows as rows^${fmt(exponent, 2)} from one bucket to several, then linearly; a 50M-invocation day would take ${fmt(dayRebuildSeconds)} s of one ${LAMBDA_MB} MB function (${fmt(LAMBDA_CPU, 2)} vCPU): fanned out, a day above ${fmt(mb(ONE_STEP_BYTES))} MB staged (~${fmt(oneStepRows / 1e6, 1)}M invocations, ~${fmt(oneStepRows / (large.rows / large.cpu))} s) is rebuilt in steps`,
  );
  out(
    `  fanned-out day     ${fmt(fan.rows)} rows, ${fan.steps.shuffleSteps.length} shuffle + ${fan.steps.mergeSteps.length} merge steps: shuffle ${fmt(shuffleRate)} rows/s, merge ${fmt(mergeRate)} rows/s, finish ${fmt(finishRate)} rows/s per core (${fmt(fan.objects)} bucket objects; peak RSS ${fmt(fanPeakMb)} MB)`,
  );
  out(
    `  50M invocations/day (${fmt(dayBytes / 1024 ** 3, 1)} GB staged, ${fmt(bytesPerRow)} B/row): ${daySteps} shuffle steps of ${fmt(shuffleStepSeconds)} s, ${daySteps} merge steps of ${fmt(mergeStepSeconds)} s (${fmt(dayBuckets)} buckets of ${fmt(mb(BUCKET_STAGED_BYTES))} MB, one part file each), one finish of ${fmt(finishSeconds)} s: the longest step is ${fmt(Math.max(shuffleStepSeconds, mergeStepSeconds, finishSeconds))} s of Lambda's 900 s; ${fmt(shuffleObjects)} bucket objects when the whole day is shuffled (~$${fmt((shuffleObjects * 0.005) / 1000, 2)} of S3 PUTs, an estimate at $0.005 per 1,000; the current day's later rebuilds re-shuffle only the hours that changed: estimate-cost)`,
  );
  out(
    `  staging at ${fmt(lambdaRecords)} invocations/s: a 15-minute run of a 50M/day organisation brings ${fmt(perRun)} new invocations = ${fmt(stageRunSeconds)} s of staging`,
  );
  for (const h of hours) {
    const concurrency = Math.ceil(backfill / (lambdaRecords * h * 3600));
    out(
      `  90-day backfill of 50M/day (${fmt(backfill / 1e9, 1)}B invocations, 2,160 hour pieces) within ${h} h: staging needs MaxConcurrency ≥ ${fmt(concurrency)}, then 90 day rebuilds`,
    );
  }
  // Standard workflow: Plan, Map, ChangedDays, CompactDays, Commit, Detect = 6; each piece = 1 child start + 1 task; each small day = 3 (task, choice, pass).
  const transitions = (pieces: number, days: number) => 6 + 2 * pieces + 3 * days;
  const run = transitions(3, 1);
  const month = run * 96 * 30;
  out(
    `  Step Functions: ${run} transitions per 15-minute run (3 pieces, 1 day; 6 + 2 per piece + 3 per small day, retries extra), ${fmt(month)} a month = $${fmt(((month - 4_000) * 0.025) / 1000, 2)} after the 4,000 free ($0.025 per 1,000)`,
  );
  out(
    `  a 90-day backfill at 1-hour pieces: ${fmt(transitions(2_160, 91))} transitions = $${fmt((transitions(2_160, 91) * 0.025) / 1000, 2)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runIngestPiecesBench();
