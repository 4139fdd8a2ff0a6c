/**
 * A worker thread of `ingest bedrock-logs`: reads and stages log objects of one source (gunzip,
 * split, parse, group by day, encode the staged extract — the CPU-heavy part), so a machine's cores
 * share the work. It hands back each day's extract as one transferred buffer and the objects'
 * counts: the main thread does no work per record. Messages in: `{ id, objects, context,
 * concurrency }`; out: `{ id, objects, days, stats }` or `{ id, error, stats }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readObjects } from '../../shared/bedrock/read-object';
import { openWorkerStore, reply, statsSince, type WorkerStore } from './worker-support';

/** Objects up to this size are read whole (their inflated size is capped, past which they stream). */
const WHOLE_OBJECT_BYTES = 8 * 1024 * 1024;

if (!parentPort) throw new Error('read-worker runs as a worker thread');
const port = parentPort;
const source = await openWorkerStore(workerData as WorkerStore);

const sinceLastReport = statsSince(source);

type ReadMessage = { id: number; objects: never; context: never; concurrency?: number };

// Chunks are read one after another, in the order they came: the next one waits here, queued.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ReadMessage) => {
  queue = queue.then(() => readChunk(message));
});

function readChunk(message: ReadMessage): Promise<void> {
  return reply(port, message.id, sinceLastReport, async () => {
    const read = await readObjects(source, message.objects, message.context, {
      concurrency: message.concurrency,
      encode: true,
      // Inflated in one call on this thread: with every core busy, streaming through the thread
      // pool only adds hand-offs (measured: a third more CPU in all). Larger objects still stream.
      wholeUpTo: WHOLE_OBJECT_BYTES,
    });
    const days = [...read.days];
    const transfer = new Set<ArrayBuffer>();
    for (const [, parts] of days)
      for (const p of parts) if ('bytes' in p) transfer.add(p.bytes.buffer as ArrayBuffer);
    return { result: { objects: read.objects, days }, transfer: [...transfer] };
  });
}
