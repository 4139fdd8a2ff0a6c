import type { ExtractPrint } from '../bedrock/day-groups';
import type { DaySizing } from '../bedrock/fan-out-day-plan';
import { cutDay } from '../bedrock/fan-out-day-plan';
import type { AppConfig } from '../config';
import { DAYS } from './counted';
import {
  addRequests,
  compactDayRequests,
  fanOutDayRequests,
  fanOutRunRequests,
  type KeptDay,
  type StoreRequests,
} from './day-requests';
import type { Measured } from './measured';

/**
 * State transitions of the fanned-out ingest's state machine (infra/lib/ingest-state-machine.ts),
 * counted on the synthesized definition by test/infra/fan-out-transitions.test.ts. Every state entered
 * is one transition; an inline Map iteration has no charge of its own; a Distributed Map child costs
 * one transition when started, plus its own states. Retries count too (not modelled: none expected).
 */
export const TRANSITIONS = {
  /** Plan, StagePieces, ChangedDays, CompactDays, Commit, Detect. */
  run: 6,
  /** A Distributed Map child started, and its StagePiece. */
  piece: 2,
  /** CompactDay, LargeDay, DayDone. */
  day: 3,
  /** ShuffleDay, MergeDay, FinishDay: the states a large day adds. */
  largeDay: 3,
  /** Each shuffle or merge step of a large day. */
  dayStep: 1,
} as const;

/** Lambda's timeout: a run of one function must end within it. */
const TIMEOUT_SECONDS = 900;
/** The share of the timeout one run may use: the rest is room for a run that catches up a missed window. */
const SINGLE_RUN_SHARE = 0.5;
const RUNS_PER_DAY = 96;

/**
 * Seconds of one function (1,024 MB: `cpuSlowdown` of the core measured) for the day's last run in
 * one process: its quarter hour staged, and the whole day (`n` rows) rebuilt, which cannot be split.
 */
export const singleRunSeconds = (n: number, m: Measured): number =>
  (n / RUNS_PER_DAY / m.pieceRecordsPerSecond + n / m.oneProcessRowsPerSecond) * m.cpuSlowdown;

/**
 * The invocations a day above which one function run could not finish: the day's last run would take
 * more than half the 900 s timeout (`singleRunSeconds`). About 9.8M at the measured rates.
 */
export const fanOutAboveInvocationsPerDay = (m: Measured): number =>
  Math.floor((TIMEOUT_SECONDS * SINGLE_RUN_SHARE) / singleRunSeconds(1, m));

/** Why the estimate models the fan-out: the configuration turns it on, or one run could not finish. */
export function fanOutReason(n: number, config: AppConfig, m: Measured): 'config' | 'scale' | undefined {
  if (config.ingest.fanOut.enabled) return 'config';
  return n > fanOutAboveInvocationsPerDay(m) ? 'scale' : undefined;
}

/**
 * The day's staged extracts, in key order, when the quarter-hour run `run` (1–97: 97 is the next
 * day's first run) rebuilds it: one extract per stream and hour so far, keyed as units are
 * (`<account>_<region>_YYYYMMDDHH_<hash>`, by stream, then hour), the current hour's partial. An
 * hour's extract is re-staged when it completes and once more at the next run (Bedrock's late
 * objects): its ETag tells the two apart.
 */
export function dayExtracts(n: number, streams: number, run: number, m: Measured): ExtractPrint[] {
  const perExtract = (n * m.stagedBytesPerRecord) / 24 / streams;
  const hours = Math.min(24, Math.floor(run / 4));
  const quarters = hours === 24 ? 0 : run % 4;
  const prints: ExtractPrint[] = [];
  for (let s = 0; s < streams; s++) {
    const key = (h: number) =>
      `_stage/dt=2000-01-01/${String(s).padStart(6, '0')}_r_20000101${String(h).padStart(2, '0')}_00000000.parquet`;
    for (let h = 0; h < hours; h++) {
      const size = Math.round(perExtract);
      // Completed before the previous run: its late objects are in.
      prints.push([key(h), size, 4 * (h + 1) < run ? `${size}+late` : `${size}`]);
    }
    if (quarters > 0) {
      const size = Math.round((perExtract * quarters) / 4);
      prints.push([key(hours), size, `${size}`]);
    }
  }
  return prints;
}

/** The sizes of `dayExtracts`. */
export const dayExtractSizes = (n: number, streams: number, run: number, m: Measured): number[] =>
  dayExtracts(n, streams, run, m).map((p) => p[1]);

/** A month of the fanned-out ingest: its transitions, steps, function time and store requests. */
export interface FanOutMonth {
  pieces: number;
  transitions: { runAndDays: number; children: number };
  childExecutions: number;
  lambdaRequests: number;
  gbSeconds: { pieces: number; days: number };
  /** Store requests of the day rebuilds (shuffle objects included in `put`). */
  days: StoreRequests;
  /** Store requests of the runs' own state, and the Distributed Map's reads of its items. */
  state: StoreRequests & { itemReaderGets: number };
  /** Bucket objects the shuffle writes for the current day's rebuild at the day's last run. */
  shuffleObjectsLastRun: number;
  shuffleObjectsPerDay: number;
  /** Staged bytes the day's rebuilds shuffle (each written as bucket objects, then replaced or deleted). */
  shuffledBytesPerDay: number;
  largeRebuildsPerDay: number;
}

/** One day rebuild of a fanned-out run: its requests, transitions, steps and seconds. */
function rebuild(prints: ExtractPrint[], m: Measured, sizing: DaySizing, previous: KeptDay | undefined) {
  const cut = cutDay(prints, sizing, previous?.kept);
  const rowsOf = (list: number[]) =>
    list.reduce((n, i) => n + (prints[i] as ExtractPrint)[1], 0) / m.stagedBytesPerRecord;
  const rows = rowsOf(prints.map((_, i) => i));
  // Only the groups not kept are read and shuffled again.
  const shuffled = rowsOf(cut.shuffles.flatMap((g) => cut.groups[g]?.extracts ?? []));
  // A small day over one bucket is shuffled whole by `compactDay`.
  const requests = fanOutDayRequests(prints, sizing, { previous });
  const oneProcess = !cut.large && requests.shuffleObjects > 0 ? rows : 0;
  const steps = cut.shuffles.length + cut.merges.length;
  return {
    cut,
    shuffledBytes: (cut.large ? shuffled : oneProcess) * m.stagedBytesPerRecord,
    requests,
    transitions: TRANSITIONS.day + (cut.large ? TRANSITIONS.largeDay + steps * TRANSITIONS.dayStep : 0),
    invocations: 1 + (cut.large ? steps + 1 : 0),
    seconds: cut.large
      ? 2 +
        steps +
        shuffled / m.shuffleRowsPerSecond +
        rows / m.mergeRowsPerSecond +
        rows / m.finishRowsPerSecond
      : 1 + rows / m.oneProcessRowsPerSecond,
  };
}

/** What the day's last rebuild keeps (the state yesterday's rebuild after midnight starts from). */
function endOfDay(n: number, streams: number, m: Measured, sizing: DaySizing): KeptDay | undefined {
  let previous: KeptDay | undefined;
  for (let run = 1; run <= RUNS_PER_DAY; run++)
    previous = fanOutDayRequests(dayExtracts(n, streams, run, m), sizing, { previous }).next;
  return previous;
}

/**
 * The fanned-out ingest over a month of 15-minute runs at `n` invocations a day: each run plans,
 * stages its pieces (`lookbackHours` + 1 hours, `pieceHours` each), rebuilds the current day (its
 * extracts so far, cut by `cutDay`) and, once a day, the previous one, then commits. Pure.
 */
export function fanOutMonth(
  n: number,
  streams: number,
  config: AppConfig,
  m: Measured,
  sizing: DaySizing = {},
): FanOutMonth {
  const { lookbackHours, fanOut } = config.ingest;
  const pieces = Math.ceil((lookbackHours + 1) / fanOut.pieceHours);
  const perDay = {
    transitions: 0,
    invocations: 0,
    seconds: 0,
    days: [] as StoreRequests[],
    state: [] as StoreRequests[],
    shuffleObjects: 0,
    shuffledBytes: 0,
    large: 0,
  };
  let lastRun = 0;
  let previous: KeptDay | undefined;
  const add = (r: ReturnType<typeof rebuild>) => {
    perDay.transitions += r.transitions;
    perDay.invocations += r.invocations;
    perDay.seconds += r.seconds;
    perDay.days.push(r.requests);
    perDay.shuffleObjects += r.requests.shuffleObjects;
    perDay.shuffledBytes += r.shuffledBytes;
    if (r.cut.large) perDay.large++;
  };
  for (let run = 1; run <= RUNS_PER_DAY; run++) {
    const today = rebuild(dayExtracts(n, streams, run, m), m, sizing, previous);
    previous = today.requests.next;
    add(today);
    if (run === RUNS_PER_DAY) lastRun = today.requests.shuffleObjects;
    const days = 1 + (run <= m.previousDayRebuildsPerDay ? 1 : 0);
    // Yesterday, from what its last rebuild kept (the steady state: what today's keeps at its end).
    if (days > 1)
      add(rebuild(dayExtracts(n, streams, RUNS_PER_DAY + 1, m), m, sizing, endOfDay(n, streams, m, sizing)));
    perDay.transitions += TRANSITIONS.run;
    perDay.invocations += 3 + pieces; // plan, changed days, commit; the pieces
    perDay.seconds += 3 + pieces + n / RUNS_PER_DAY / m.pieceRecordsPerSecond;
    perDay.state.push(fanOutRunRequests(pieces, days));
  }
  const scaled = (r: StoreRequests): StoreRequests => ({
    put: r.put * DAYS,
    get: r.get * DAYS,
    list: r.list * DAYS,
    delete: r.delete * DAYS,
    shuffleObjects: r.shuffleObjects * DAYS,
  });
  const runs = RUNS_PER_DAY * DAYS;
  const pieceSeconds = runs * (pieces + n / RUNS_PER_DAY / m.pieceRecordsPerSecond);
  return {
    pieces,
    transitions: {
      runAndDays: perDay.transitions * DAYS,
      children: runs * pieces * TRANSITIONS.piece,
    },
    childExecutions: runs * pieces,
    lambdaRequests: perDay.invocations * DAYS,
    gbSeconds: {
      pieces: pieceSeconds * m.fanOutMemoryGb,
      days: (perDay.seconds * DAYS - pieceSeconds) * m.fanOutMemoryGb,
    },
    days: scaled(addRequests(...perDay.days)),
    state: { ...scaled(addRequests(...perDay.state)), itemReaderGets: runs },
    shuffleObjectsLastRun: lastRun,
    shuffleObjectsPerDay: perDay.shuffleObjects,
    shuffledBytesPerDay: perDay.shuffledBytes,
    largeRebuildsPerDay: perDay.large,
  };
}

/**
 * What the one-process rebuild's shuffle adds to the requests the single run was measured with (a
 * day of one bucket): over a month of runs rebuilding the current day, `compactDayRequests` of the
 * day so far less that of the same day in one bucket. Zero while a day stays within one bucket.
 */
export function oneProcessShuffleRequests(
  n: number,
  streams: number,
  m: Measured,
): StoreRequests & { shuffledBytesPerDay: number } {
  const extra: StoreRequests[] = [];
  let shuffledBytes = 0;
  for (let run = 1; run <= RUNS_PER_DAY; run++) {
    const sizes = dayExtractSizes(n, streams, run, m);
    const split = compactDayRequests(sizes);
    if (split.shuffleObjects > 0) shuffledBytes += sizes.reduce((t, x) => t + x, 0);
    const whole = compactDayRequests(sizes, { bucketBytes: Number.MAX_SAFE_INTEGER });
    extra.push({
      put: split.put - whole.put,
      get: split.get - whole.get,
      list: split.list - whole.list,
      delete: split.delete - whole.delete,
      shuffleObjects: split.shuffleObjects,
    });
  }
  const day = addRequests(...extra);
  return {
    put: day.put * DAYS,
    get: day.get * DAYS,
    list: day.list * DAYS,
    delete: day.delete * DAYS,
    shuffleObjects: day.shuffleObjects * DAYS,
    shuffledBytesPerDay: shuffledBytes,
  };
}
