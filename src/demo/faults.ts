import { constants, gunzipSync } from 'node:zlib';
import type { Slot } from './plan';
import { HOUR_MS } from './plan';
import { Rng } from './rng';
import type { SyntheticFaults } from './types';

/** A fault option as a number of events: a value in (0, 1) is a rate per record, ≥ 1 a count. */
export function resolveCount(value: number | undefined, records: number): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return 0;
  return value < 1 ? Math.round(value * records) : Math.floor(value);
}

function weightedSlot(candidates: readonly Slot[], rng: Rng): Slot | undefined {
  if (candidates.length === 0) return undefined;
  return candidates[rng.weightedIndex(candidates.map((s) => s.count))];
}

/**
 * Marks where each injected fault goes. The truncated object gets no other fault, so its
 * survivors are plain records; duplicates only go where an earlier object of the stream exists.
 */
export function placeFaults(slots: readonly Slot[], faults: SyntheticFaults, seed: number): void {
  const rng = Rng.derive(seed, 0xfa17);
  const records = slots.reduce((sum, s) => sum + s.count, 0);
  if (faults.truncatedObject) {
    const candidates = slots.filter((s) => s.count >= 4);
    const chosen = candidates.length > 0 ? rng.pick(candidates) : undefined;
    if (chosen) chosen.truncate = true;
  }
  const open = slots.filter((s) => !s.truncate && s.count > 0);

  const duplicates = resolveCount(faults.duplicates, records);
  const dupCandidates = open.filter((s) => !s.firstOfStream);
  // One duplicate lands in the next hour folder whenever the run has a second hour.
  const nextHour = dupCandidates.filter((s) => s.firstInHour);
  for (let i = 0; i < duplicates; i++) {
    const slot = i === 0 && nextHour.length > 0 ? rng.pick(nextHour) : weightedSlot(dupCandidates, rng);
    if (slot) slot.duplicates++;
  }

  const late = resolveCount(faults.lateArrivals, records);
  // One late arrival crosses midnight UTC whenever the run has an object in hours 00–02.
  const earlyMorning = open.filter((s) => new Date(s.hourStartMs).getUTCHours() < 3);
  for (let i = 0; i < late; i++) {
    const slot = i === 0 && earlyMorning.length > 0 ? rng.pick(earlyMorning) : weightedSlot(open, rng);
    if (!slot) break;
    if (i === 0 && earlyMorning.length > 0) slot.lateCrossesMidnight = true;
    slot.lateArrivals++;
  }

  const bad = resolveCount(faults.badLines, records);
  for (let i = 0; i < bad; i++) {
    const slot = weightedSlot(open, rng);
    if (slot) slot.badLines++;
  }
  if (bad > 0 && open.length > 0) {
    rng.pick(open).bom = true;
    for (let i = 0; i < 3; i++) rng.pick(open).blankLines++;
  }
}

/** How a late record's hour relates to its folder's hour. */
export function lateTimestamp(slot: Slot, crossMidnight: boolean, rng: Rng): number {
  const hourOfDay = new Date(slot.hourStartMs).getUTCHours();
  const hoursBack = crossMidnight ? rng.int(hourOfDay + 1, 3) : rng.int(1, 3);
  return slot.hourStartMs - hoursBack * HOUR_MS + rng.int(0, 3599) * 1000;
}

/** The kinds of bad line, in rotation. */
export type BadLineKind = 'cut' | 'no-request-id' | 'bad-timestamp';

/** Turns a valid record line into a line a reader must reject. */
export function corruptLine(line: string, requestId: string, kind: BadLineKind, rng: Rng): string {
  if (kind === 'cut') return line.slice(0, rng.int(12, Math.min(line.length - 2, 300)));
  if (kind === 'no-request-id') return line.replace(`"requestId":"${requestId}",`, '');
  return line.replace(/"timestamp":"[^"]*"/, '"timestamp":"not-a-date"');
}

/** A gzip object cut mid-stream, and what zlib can still inflate from it. */
export interface Truncation {
  bytes: Uint8Array;
  /** Text a reader recovers with `finishFlush: Z_SYNC_FLUSH`. */
  text: string;
  /** Newline-terminated lines in `text`. */
  completeLines: number;
  /** A partial line follows the last newline. */
  partialLine: boolean;
}

function inflatePrefix(bytes: Uint8Array): string | undefined {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cuts `gz` around the middle, preferring a cut that leaves at least one whole line and an
 * unparseable partial line, and reports what survives by inflating the cut bytes itself.
 */
export function truncateGzip(gz: Uint8Array, rng: Rng): Truncation {
  const first = Math.floor(gz.length * (0.4 + 0.2 * rng.next()));
  let fallback: Truncation | undefined;
  for (let cut = first; cut > 20; cut -= 7) {
    const bytes = gz.slice(0, cut);
    const text = inflatePrefix(bytes);
    if (text === undefined) continue;
    const lastNewline = text.lastIndexOf('\n');
    const tail = text.slice(lastNewline + 1);
    const completeLines = text.split('\n').length - 1;
    const result = { bytes, text, completeLines, partialLine: tail.length > 0 };
    fallback ??= result;
    if (completeLines > 0 && tail.length > 0 && !isJson(tail)) return result;
  }
  if (fallback) return fallback;
  return { bytes: gz.slice(0, 20), text: '', completeLines: 0, partialLine: false };
}
