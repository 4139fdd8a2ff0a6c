import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { SyntheticOrgError } from './errors';
import { type BadLineKind, corruptLine, lateTimestamp, truncateGzip } from './faults';
import type { SlotExtra } from './incidents';
import { hourFolder, objectName } from './keys';
import type { Workload } from './org';
import type { Slot } from './plan';
import { type BodyObject, buildRecord, type GeneratedRecord, type RecordContext } from './records';
import { Rng } from './rng';
import type { TruthTally } from './truth';
import type { LogSink } from './types';

const gzipAsync = promisify(gzip);

/**
 * zlib level 1: on this text it deflates ~3× faster than level 6 for objects ~20% larger, which
 * keeps a 200 MB benchmark hour quick to generate; readers inflate any level the same way.
 */
const GZIP_LEVEL = 1;
/** Big output chunks: the default 16 KB means hundreds of thread-pool round trips per object. */
const CHUNK_SIZE = 1 << 20;
/** Recent record lines per stream that later objects may re-deliver as duplicates. */
const RING_SIZE = 64;
const BAD_KINDS: readonly BadLineKind[] = ['cut', 'no-request-id', 'bad-timestamp'];

/** The workloads of one stream and their traffic weights. */
export interface StreamMix {
  workloads: Workload[];
  weights: number[];
}

/** Everything an object needs from the run. */
export interface RunState {
  seed: number;
  mixes: Map<number, StreamMix>;
  recordContext: RecordContext;
  keyPrefix: string;
  sink: LogSink;
  tally: TruthTally;
  rings: Map<number, string[]>;
  badLinesSoFar: number;
  /** Records left out by an injected logging outage. */
  dropped?: (workload: Workload, timeMs: number) => boolean;
}

/** A line of an object and what it counts as. */
export type Line =
  | { kind: 'record'; text: string; record: GeneratedRecord; late: boolean }
  | { kind: 'duplicate' | 'bad' | 'blank'; text: string };

function insertAt<T>(items: T[], item: T, rng: Rng): void {
  items.splice(rng.int(0, items.length), 0, item);
}

function pickWorkload(mix: StreamMix, rng: Rng): Workload {
  const workload = mix.workloads[rng.weightedIndex(mix.weights)];
  if (!workload)
    throw new SyntheticOrgError(`stream ${mix.workloads[0]?.stream.name ?? '?'} has no workloads`);
  return workload;
}

function buildLines(slot: Slot, folder: string, run: RunState, mix: StreamMix): Line[] {
  const coords = [slot.hourNumber, slot.stream.index, slot.part] as const;
  const meta = Rng.derive(run.seed, 0x11e7a, ...coords);
  const body = Rng.derive(run.seed, 0xb0d1, ...coords);
  const fault = Rng.derive(run.seed, 0xfa, ...coords);

  const span = Math.max(1, Math.floor((slot.endMs - slot.startMs) / 1000));
  const times = new Float64Array(slot.count);
  for (let i = 0; i < slot.count; i++) times[i] = slot.startMs + meta.int(0, span - 1) * 1000;
  times.sort();
  const lines: Line[] = [];
  const dropped = run.dropped ?? (() => false);
  for (const time of times) {
    const workload = pickWorkload(mix, meta);
    const record = buildRecord(workload, time, folder, meta, body, run.recordContext);
    if (!dropped(workload, time)) lines.push({ kind: 'record', text: record.line, record, late: false });
  }
  if (slot.extras) lines.push(...extraLines(slot, slot.extras, folder, run));

  for (let i = 0; i < slot.lateArrivals; i++) {
    const time = lateTimestamp(slot, i === 0 && slot.lateCrossesMidnight, fault);
    const workload = pickWorkload(mix, fault);
    const record = buildRecord(workload, time, folder, fault, fault, run.recordContext);
    if (!dropped(workload, time))
      insertAt(lines, { kind: 'record', text: record.line, record, late: true }, fault);
  }
  const ring = run.rings.get(slot.stream.index) ?? [];
  for (let i = 0; i < slot.duplicates && ring.length > 0; i++) {
    insertAt(lines, { kind: 'duplicate', text: fault.pick(ring) }, fault);
  }
  const plainContext = { ...run.recordContext, offloadBodies: false };
  for (let i = 0; i < slot.badLines; i++) {
    const source = buildRecord(pickWorkload(mix, fault), slot.startMs, folder, fault, fault, plainContext);
    const kind = BAD_KINDS[run.badLinesSoFar++ % BAD_KINDS.length] ?? 'cut';
    insertAt(lines, { kind: 'bad', text: corruptLine(source.line, source.requestId, kind, fault) }, fault);
  }
  for (let i = 0; i < slot.blankLines; i++) insertAt(lines, { kind: 'blank', text: '' }, fault);
  return lines;
}

/** An incident object's records, time-ordered, from their own random stream. */
function extraLines(slot: Slot, extras: readonly SlotExtra[], folder: string, run: RunState): Line[] {
  const rng = Rng.derive(run.seed, 0x1c1de, slot.hourNumber, slot.stream.index, slot.part);
  const span = Math.max(1, Math.floor((slot.endMs - slot.startMs) / 1000));
  const timed: { time: number; workload: Workload }[] = [];
  for (const e of extras) {
    for (let i = 0; i < e.count; i++)
      timed.push({ time: slot.startMs + rng.int(0, span - 1) * 1000, workload: e.workload });
  }
  timed.sort((a, b) => a.time - b.time);
  return timed.map(({ time, workload }) => {
    const record = buildRecord(workload, time, folder, rng, rng, run.recordContext);
    return { kind: 'record', text: record.line, record, late: false };
  });
}

function tallyLine(line: Line, tally: TruthTally): void {
  if (line.kind === 'record') tally.record(line.record, line.late);
  else if (line.kind === 'duplicate') tally.duplicate();
  else if (line.kind === 'bad') tally.badLine();
}

/** One object, generated and serialised but not yet compressed or written. */
export interface PreparedObject {
  key: string;
  raw: Buffer;
  lines: Line[];
  bodyObjects: BodyObject[];
  truncate: boolean;
  /** Drives the truncation cut. */
  rng: Rng;
}

/**
 * Generates one slot's lines (synchronously: this is the CPU work that overlaps the previous
 * object's compression). Returns undefined for an empty slot.
 */
export function prepareSlot(slot: Slot, run: RunState): PreparedObject | undefined {
  const mix = run.mixes.get(slot.stream.index);
  const extra = slot.extras?.reduce((sum, e) => sum + e.count, 0) ?? 0;
  if (!mix || slot.count + slot.lateArrivals + extra === 0) return undefined;
  const folder = hourFolder(run.keyPrefix, slot.stream, slot.hourStartMs);
  const lines = buildLines(slot, folder, run, mix);
  // An outage can leave an object with nothing to deliver: Bedrock writes none then.
  if (lines.length === 0) return undefined;
  const text = `${slot.bom ? '\uFEFF' : ''}${lines.map((l) => l.text).join('\n')}\n`;
  const naming = Rng.derive(run.seed, 0x6e, slot.hourNumber, slot.stream.index, slot.part);
  // Named a few seconds before the window closes, never outside its hour folder.
  const deliveredMs = Math.max(slot.hourStartMs, slot.endMs - naming.int(1, 20_000));
  const key = `${folder}${objectName(deliveredMs, naming)}`;

  // Only on-time originals from whole objects are re-delivered, so every duplicate's original is readable.
  if (!slot.truncate) {
    const ring = run.rings.get(slot.stream.index) ?? [];
    const originals = lines.filter((line) => line.kind === 'record' && !line.late);
    const step = Math.max(1, Math.floor(originals.length / 4));
    for (let i = 0; i < originals.length; i += step) ring.push(originals[i]?.text ?? '');
    while (ring.length > RING_SIZE) ring.shift();
    run.rings.set(slot.stream.index, ring);
  }
  const bodyObjects = lines.flatMap((line) => (line.kind === 'record' ? line.record.bodyObjects : []));
  return { key, raw: Buffer.from(text, 'utf8'), lines, bodyObjects, truncate: slot.truncate, rng: naming };
}

/**
 * Compresses and writes one prepared object, its body objects first. Compression starts at
 * once (zlib's thread pool); writing waits for `previous`, so the sink sees keys in run order.
 */
export async function writePrepared(
  obj: PreparedObject,
  previous: Promise<void> | undefined,
  run: RunState,
): Promise<void> {
  const compressing = gzipAsync(obj.raw, { level: GZIP_LEVEL, chunkSize: CHUNK_SIZE });
  const bodies = Promise.all(obj.bodyObjects.map((b) => gzipAsync(b.json, { level: GZIP_LEVEL })));
  // Rejections surface at the awaits below; until then they must not count as unhandled.
  compressing.catch(() => undefined);
  bodies.catch(() => undefined);
  await previous;
  const bodyBytes = await bodies;
  for (const [i, bodyObject] of obj.bodyObjects.entries()) {
    const bytes = bodyBytes[i];
    if (!bytes) continue;
    await run.sink(bodyObject.key, bytes);
    run.tally.bodyObject();
  }
  let gz: Uint8Array = await compressing;
  let readable = obj.lines.length;
  let uncompressed = obj.raw.length;
  if (obj.truncate) {
    const cut = truncateGzip(gz, obj.rng);
    gz = cut.bytes;
    readable = cut.completeLines;
    uncompressed = Buffer.byteLength(cut.text, 'utf8');
    if (cut.partialLine) run.tally.badLine();
  }
  await run.sink(obj.key, gz);
  run.tally.object(gz.length, uncompressed);
  for (const line of obj.lines.slice(0, readable)) tallyLine(line, run.tally);
}
