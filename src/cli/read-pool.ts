import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ObjectReader, ObjectResult } from '../../shared/bedrock/read-object';
import type { ObjectStore, ObjectStoreStats } from '../../shared/ports';

/** Old-generation heap of each worker, in MB. */
const WORKER_HEAP_MB = 128;

interface Pending {
  resolve: (r: ObjectResult) => void;
  reject: (e: Error) => void;
}

/** The built worker beside the command (dist/read-worker.mjs), or undefined when running from source. */
function workerFile(): string | undefined {
  for (const candidate of ['./read-worker.mjs', '../read-worker.mjs']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Reads log objects on `threads` worker threads, each with its own store over the same source
 * location; requests and bytes the workers make are added to `source.stats`, so the run's summary
 * counts them. Objects go to the worker with the fewest in flight.
 */
export class ReadPool {
  private readonly workers: { worker: Worker; busy: number; pending: Map<number, Pending> }[] = [];
  private next = 0;

  private constructor(
    private readonly source: ObjectStore,
    file: string,
    location: string,
    threads: number,
  ) {
    for (let i = 0; i < threads; i++) {
      // A small heap per worker: its live data is the few objects in flight, and V8 otherwise lets
      // garbage pile up to hundreds of MB per thread before collecting.
      const worker = new Worker(file, {
        workerData: { source: location },
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      const slot = { worker, busy: 0, pending: new Map<number, Pending>() };
      worker.on(
        'message',
        (m: { id: number; result?: ObjectResult; stats?: ObjectStoreStats; error?: Error }) => {
          const p = slot.pending.get(m.id);
          if (!p) return;
          slot.pending.delete(m.id);
          slot.busy--;
          for (const [k, v] of Object.entries(m.stats ?? {}))
            this.source.stats[k as keyof ObjectStoreStats] += v;
          if (m.error) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
          else p.resolve(this.interned(m.result as ObjectResult));
        },
      );
      worker.on('error', (error) => {
        for (const p of slot.pending.values()) p.reject(error);
        slot.pending.clear();
      });
      this.workers.push(slot);
    }
  }

  private readonly strings = new Map<string, string>();

  /**
   * Records arrive as copies with a string of their own in every field; a day's worth of repeated
   * account ids, model ids and ARNs would then cost memory per record. Share them, as a parse in
   * this thread does.
   */
  private interned(result: ObjectResult): ObjectResult {
    const share = (v: string | null): string | null => {
      if (v === null) return v;
      const hit = this.strings.get(v);
      if (hit !== undefined) return hit;
      if (this.strings.size < 100_000) this.strings.set(v, v);
      return v;
    };
    for (const r of result.records) {
      r.account_id = share(r.account_id) as string;
      r.region = share(r.region) as string;
      r.operation = share(r.operation) as string;
      r.model_id = share(r.model_id) as string;
      r.identity_arn = share(r.identity_arn);
      r.request_metadata = share(r.request_metadata);
      r.inference_region = share(r.inference_region);
      r.error_code = share(r.error_code);
    }
    return result;
  }

  /** A pool, or undefined when one thread is asked for or the worker file is not built. */
  static open(source: ObjectStore, location: string, threads: number): ReadPool | undefined {
    const file = workerFile();
    if (threads <= 1 || !file) return undefined;
    return new ReadPool(source, file, location, threads);
  }

  /** The reader to hand to the ingest. */
  readonly read: ObjectReader = (object, context) => {
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    slot.busy++;
    return new Promise<ObjectResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, object, context });
    });
  };

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
