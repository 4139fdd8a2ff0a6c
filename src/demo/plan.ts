import type { SlotExtra } from './incidents';
import { type LogStream, STREAMS, type Workload } from './org';
import { Rng } from './rng';
import { seasonalFactor } from './seasonality';

/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;
const WINDOWS_PER_HOUR = 12;
/** Bedrock batches records into objects; a busy window is split so no object gets huge. */
const MAX_RECORDS_PER_OBJECT = 1000;

/** One object to write: a stream, a time range inside one hour folder, and what goes into it. */
export interface Slot {
  /** Hours since the Unix epoch: seeds this hour's generators, so overlapping runs agree on shared hours. */
  hourNumber: number;
  hourStartMs: number;
  stream: LogStream;
  /** Position among the stream's objects in this hour; seeds this object's generators. */
  part: number;
  startMs: number;
  endMs: number;
  /** Regular records, before injected faults. */
  count: number;
  /** No earlier object exists in this stream (nothing to duplicate yet). */
  firstOfStream: boolean;
  /** The first object of its stream in this hour folder. */
  firstInHour: boolean;
  duplicates: number;
  lateArrivals: number;
  /** The first late arrival here must fall on the previous UTC day. */
  lateCrossesMidnight: boolean;
  badLines: number;
  blankLines: number;
  bom: boolean;
  truncate: boolean;
  /** Injected incidents' extra records (only in the incidents' own objects). */
  extras?: SlotExtra[];
}

/**
 * An object of injected extra records only (no regular ones, no faults): `part` keeps it apart from
 * the stream's regular objects of the hour, whose parts count from 0.
 */
export function extrasSlot(
  stream: LogStream,
  hourStartMs: number,
  part: number,
  startMs: number,
  endMs: number,
): Slot {
  return {
    hourNumber: hourStartMs / HOUR_MS,
    hourStartMs,
    stream,
    part,
    startMs,
    endMs,
    count: 0,
    firstOfStream: false,
    firstInHour: false,
    duplicates: 0,
    lateArrivals: 0,
    lateCrossesMidnight: false,
    badLines: 0,
    blankLines: 0,
    bom: false,
    truncate: false,
    extras: [],
  };
}

/** Each stream's share of org-wide traffic: the sum of its workloads' weights. */
export function streamShares(org: readonly Workload[]): Map<number, number> {
  const total = org.reduce((sum, w) => sum + w.spec.weight, 0);
  const shares = new Map<number, number>();
  for (const w of org) shares.set(w.stream.index, (shares.get(w.stream.index) ?? 0) + w.spec.weight / total);
  return shares;
}

function splitAcrossWindows(count: number, rng: Rng): number[] {
  const weights = Array.from({ length: WINDOWS_PER_HOUR }, () => Math.exp(0.25 * rng.normal()));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((count * w) / total));
  let left = count - counts.reduce((a, b) => a + b, 0);
  while (left > 0) {
    const i = rng.int(0, WINDOWS_PER_HOUR - 1);
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

/**
 * Decides every object of the run up front: per hour and stream, a seasonal volume split into
 * ~5-minute windows. Knowing the whole run first lets faults given as counts be placed exactly.
 */
export function planSlots(
  seed: number,
  startMs: number,
  hours: number,
  invocationsPerHour: number,
  org: readonly Workload[],
): Slot[] {
  const shares = streamShares(org);
  const slots: Slot[] = [];
  const seen = new Set<number>();
  for (let hourIndex = 0; hourIndex < hours; hourIndex++) {
    const hourStartMs = startMs + hourIndex * HOUR_MS;
    for (const stream of STREAMS) {
      const hourNumber = hourStartMs / HOUR_MS;
      const rng = Rng.derive(seed, 0x701, hourNumber, stream.index);
      // Busy and quiet days as well as busy and quiet hours.
      const day = Rng.derive(seed, 0xda7, Math.floor(hourNumber / 24), stream.index).lognormal(1, 0.08);
      const share = shares.get(stream.index) ?? 0;
      const noise = day * rng.lognormal(1, 0.1);
      const expected = invocationsPerHour * share * seasonalFactor(stream, hourStartMs) * noise;
      const count = Math.floor(expected + rng.next());
      const windowMs = HOUR_MS / WINDOWS_PER_HOUR;
      let part = 0;
      let firstInHour = true;
      splitAcrossWindows(count, rng).forEach((windowCount, window) => {
        const pieces = Math.ceil(windowCount / MAX_RECORDS_PER_OBJECT);
        for (let piece = 0; piece < pieces; piece++) {
          const pieceMs = windowMs / pieces;
          const startOfPiece = hourStartMs + window * windowMs + piece * pieceMs;
          const base = Math.floor(windowCount / pieces);
          slots.push({
            hourNumber,
            hourStartMs,
            stream,
            part: part++,
            startMs: startOfPiece,
            endMs: startOfPiece + pieceMs,
            count: base + (piece < windowCount - base * pieces ? 1 : 0),
            firstOfStream: !seen.has(stream.index),
            firstInHour,
            duplicates: 0,
            lateArrivals: 0,
            lateCrossesMidnight: false,
            badLines: 0,
            blankLines: 0,
            bom: false,
            truncate: false,
          });
          seen.add(stream.index);
          firstInHour = false;
        }
      });
    }
  }
  return slots;
}
