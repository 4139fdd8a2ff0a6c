/**
 * A worker thread of `ingest bedrock-logs`: reads and parses log objects of one source (gunzip,
 * split, parse — the CPU-heavy part), so a machine's cores share the work. Messages in:
 * `{ id, object, context }`; out: `{ id, result, stats }` or `{ id, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../shared/adapters/open-store';
import { readObject } from '../../shared/bedrock/read-object';
import type { ObjectStoreStats } from '../../shared/ports';

const source = openStore((workerData as { source: string }).source);
const port = parentPort;
if (!port) throw new Error('read-worker runs as a worker thread');

// Counts reported so far: several objects are read at once, so each reply carries what changed since the last.
let reported: ObjectStoreStats = { ...source.stats };
function sinceLastReport(): Partial<ObjectStoreStats> {
  const now = { ...source.stats };
  const delta = Object.fromEntries(
    Object.entries(now).map(([k, v]) => [k, v - reported[k as keyof ObjectStoreStats]]),
  );
  reported = now;
  return delta;
}

port.on('message', async (message: { id: number; object: never; context: never }) => {
  try {
    const result = await readObject(source, message.object, message.context);
    port.postMessage({ id: message.id, result, stats: sinceLastReport() });
  } catch (error) {
    port.postMessage({
      id: message.id,
      error: { name: (error as Error).name, message: (error as Error).message },
      stats: sinceLastReport(),
    });
  }
});
