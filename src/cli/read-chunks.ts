import type { ObjectInfo } from '../../shared/ports';

/**
 * A unit with more compressed bytes than this is split over the threads, in runs of consecutive
 * objects (a source of one large unit would otherwise keep one thread busy). Not smaller: the
 * parts are then merged into the unit's extract here, work a whole unit does not need, and the
 * units read at once already spread over the threads (an hour of five account-Regions of 1–26 MB
 * each ran with less CPU unsplit).
 */
export const SPLIT_BYTES = 32 * 1024 * 1024;
/** The most compressed bytes one worker is handed at once, whatever a unit holds: bounds its memory. */
export const MAX_CHUNK_BYTES = 32 * 1024 * 1024;
/** Compressed bytes of some objects, as listed. */
export const bytesOf = (objects: readonly ObjectInfo[]): number => objects.reduce((n, o) => n + o.size, 0);

/**
 * Runs of consecutive objects of about equal compressed size: as many as `threads`, but no more than
 * one per `splitBytes`, and always enough to keep each under `MAX_CHUNK_BYTES`. A unit under
 * `splitBytes` stays whole. (With the defaults, `SPLIT_BYTES` equals `MAX_CHUNK_BYTES`, so the count
 * is the unit's size in 32 MB, whatever `threads`.)
 */
export function planChunks(
  objects: readonly ObjectInfo[],
  threads: number,
  splitBytes: number = SPLIT_BYTES,
): ObjectInfo[][] {
  const total = bytesOf(objects);
  const wanted = Math.max(
    Math.min(threads, Math.ceil(total / splitBytes)),
    Math.ceil(total / MAX_CHUNK_BYTES),
  );
  const count = Math.max(1, Math.min(objects.length, wanted));
  const chunks: ObjectInfo[][] = [];
  let current: ObjectInfo[] = [];
  let done = 0;
  for (const o of objects) {
    // An object whose middle lies past the current chunk's share of the bytes starts the next chunk.
    if (
      current.length > 0 &&
      chunks.length < count - 1 &&
      done + o.size / 2 > (total * (chunks.length + 1)) / count
    ) {
      chunks.push(current);
      current = [];
    }
    current.push(o);
    done += o.size;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}
