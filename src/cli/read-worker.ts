/**
 * A worker thread of `ingest bedrock-logs`: reads and stages log objects of one source (gunzip,
 * split, parse, group by day, encode the staged extract — the CPU-heavy part), so a machine's cores
 * share the work. It hands back each day's extract as one transferred buffer and the objects'
 * counts: the main thread does no work per record. Messages in: `{ id, objects, context,
 * concurrency }`; out: `{ id, objects, days, stats }` or `{ id, error, stats }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { readObjects } from '../../shared/bedrock/read-object';
import type { ObjectStore } from '../../shared/ports';
import { statsSince } from './worker-support';

/** Objects up to this size are read whole (their inflated size is capped, past which they stream). */
const WHOLE_OBJECT_BYTES = 8 * 1024 * 1024;

const where = workerData as { location: string; folder?: string };
if (!parentPort) throw new Error('read-worker runs as a worker thread');
const port = parentPort;
// A local source needs no AWS SDK: loading it would cost each worker as much as reading several MB of logs.
const source: ObjectStore = where.folder
  ? new FolderStore(where.folder)
  : (await import('../../shared/adapters/open-store')).openStore(where.location);

const sinceLastReport = statsSince(source);

type ReadMessage = { id: number; objects: never; context: never; concurrency?: number };

// Chunks are read one after another, in the order they came: the next one waits here, queued.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ReadMessage) => {
  queue = queue.then(() => readChunk(message));
});

async function readChunk(message: ReadMessage): Promise<void> {
  try {
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
    port.postMessage({ id: message.id, objects: read.objects, days, stats: sinceLastReport() }, [
      ...transfer,
    ]);
  } catch (error) {
    port.postMessage({
      id: message.id,
      error: { name: (error as Error).name, message: (error as Error).message },
      stats: sinceLastReport(),
    });
  }
}
