import { Worker } from 'node:worker_threads';
import {
  type ObjectReader,
  type ObjectsRead,
  type ReadContext,
  readObjects,
  type StagedPart,
} from '../../shared/bedrock/read-object';
import type { ObjectInfo, ObjectStore, ObjectStoreStats } from '../../shared/ports';
import { bytesOf, planChunks } from './read-chunks';
import { addStats, builtWorkerFile, closeWorkers, workerStore } from './worker-support';

/** Old-generation heap of each worker, in MB: its live data is the rows of the objects in flight. */
const WORKER_HEAP_MB = 128;
/**
 * Young generation of each worker, in MB. Given only an old-generation limit, V8 sizes the young
 * one from it, small: every line of a log object is short-lived garbage, and the workers spent more
 * time collecting it than parsing.
 */
const WORKER_YOUNG_MB = 32;
/** Compressed bytes read in this thread before the workers start: a small source does not repay their start-up. */
export const START_AFTER_BYTES = 4 * 1024 * 1024;
/** Objects each worker reads at once. */
const WORKER_CONCURRENCY = 4;
/**
 * Chunks a worker holds at once: the one it reads and the next, queued in the worker, so that it
 * never waits for this thread (busy parsing a chunk of its own) to hand it more. It reads them one
 * after the other: two at once would each go at half speed, and the last to finish holds up its
 * unit's extract and the day's compaction. This thread holds one.
 */
const CHUNKS_PER_WORKER = 2;

interface Reply {
  id: number;
  objects?: ObjectsRead['objects'];
  days?: [string, StagedPart[]][];
  stats?: Partial<ObjectStoreStats>;
  error?: { name: string; message: string };
}

/** Objects for one worker, and what to do with its reply. */
interface Task {
  objects: ObjectInfo[];
  context: ReadContext;
  bytes: number;
  resolve: (r: ObjectsRead) => void;
  reject: (e: Error) => void;
}

interface Slot {
  /** Undefined for this thread, which reads chunks too. */
  worker?: Worker;
  /** Compressed bytes handed to this worker and not yet back. */
  inFlight: number;
  pending: Map<number, Task>;
}

/** Thresholds of a pool (tests set them low to exercise a small source). */
export interface ReadPoolOptions {
  /** The built worker (default: read-worker.mjs beside the command). */
  workerFile?: string;
  /** Default `START_AFTER_BYTES`. */
  startAfterBytes?: number;
  /** Default `SPLIT_BYTES`. */
  splitBytes?: number;
}

/**
 * Reads log objects on `threads` threads: this one and `threads - 1` workers, each worker with its
 * own store over the same source location; requests and bytes the workers make are added to
 * `source.stats`, so the run's summary counts them. A worker stages what it reads (parse, group by
 * day, encode the staged extract) and hands back one buffer per day and the objects' counts: this
 * thread does no work per record for it. The workers start once the source proves large enough
 * (`START_AFTER_BYTES`); until then objects are read in this thread. Results are the same either
 * way, byte for byte.
 */
export class ReadPool {
  private slots: Slot[] | undefined;
  private next = 0;
  private seenBytes = 0;
  private readonly queue: Task[] = [];

  private constructor(
    private readonly source: ObjectStore,
    private readonly file: string,
    private readonly location: string,
    private readonly threads: number,
    private readonly options: ReadPoolOptions,
  ) {}

  /** A pool, or undefined when one thread is asked for or the worker file is not built. */
  static open(
    source: ObjectStore,
    location: string,
    threads: number,
    options: ReadPoolOptions = {},
  ): ReadPool | undefined {
    const file = options.workerFile ?? builtWorkerFile('read-worker', import.meta.url);
    if (threads <= 1 || !file) return undefined;
    return new ReadPool(source, file, location, threads, options);
  }

  /** Whether the workers have started. */
  get started(): boolean {
    return this.slots !== undefined;
  }

  private start(): void {
    const data = workerStore(this.location);
    // This thread reads too: one isolate fewer to start, to warm up and to collect, and it idles
    // until the units are read anyway. It comes last, so workers are given the largest chunks.
    const here: Slot = { inFlight: 0, pending: new Map() };
    this.slots = Array.from({ length: this.threads - 1 }, (): Slot => {
      // A heap limit of its own: V8 otherwise lets garbage pile up to hundreds of MB per thread.
      const worker = new Worker(this.file, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
      const slot: Slot = { worker, inFlight: 0, pending: new Map() };
      worker.on('message', (m: Reply) => this.settle(slot, m));
      const fail = (error: Error): void => {
        for (const task of slot.pending.values()) task.reject(error);
        slot.pending.clear();
        slot.inFlight = 0;
        // A worker that stopped takes no more chunks: the others, and this thread, read the rest.
        this.slots = this.slots?.filter((s) => s !== slot);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a read worker stopped (exit code ${code})`)));
      return slot;
    });
    this.slots.push(here);
  }

  private settle(slot: Slot, m: Reply): void {
    const task = slot.pending.get(m.id);
    if (!task) return;
    slot.pending.delete(m.id);
    slot.inFlight -= task.bytes;
    addStats(this.source, m.stats);
    if (m.error) task.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
    else task.resolve({ objects: m.objects ?? [], days: new Map(m.days ?? []) });
    this.pump();
  }

  /**
   * Hands queued chunks to workers with room, the largest chunk first (so a large one does not end
   * up alone at the end of the run), to the least loaded worker.
   */
  private pump(): void {
    const slots = this.slots ?? [];
    while (this.queue.length > 0) {
      const free = slots.filter((s) => s.pending.size < (s.worker ? CHUNKS_PER_WORKER : 1));
      if (free.length === 0) return;
      const slot = free.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      const largest = this.queue.reduce(
        (best, t, i) => (t.bytes > (this.queue[best] as Task).bytes ? i : best),
        0,
      );
      const task = this.queue.splice(largest, 1)[0] as Task;
      const id = this.next++;
      slot.inFlight += task.bytes;
      slot.pending.set(id, task);
      if (!slot.worker) {
        const done = (): void => {
          slot.pending.delete(id);
          slot.inFlight -= task.bytes;
          this.pump();
        };
        readObjects(this.source, task.objects, task.context).then(
          (r) => {
            done();
            task.resolve(r);
          },
          (error: Error) => {
            done();
            task.reject(error);
          },
        );
        continue;
      }
      slot.worker.postMessage({
        id,
        objects: task.objects,
        context: task.context,
        concurrency: WORKER_CONCURRENCY,
      });
    }
  }

  private dispatch(objects: ObjectInfo[], context: ReadContext): Promise<ObjectsRead> {
    return new Promise<ObjectsRead>((resolve, reject) => {
      this.queue.push({ objects, context, bytes: bytesOf(objects), resolve, reject });
      this.pump();
    });
  }

  /** The reader to hand to the ingest. */
  readonly read: ObjectReader = async (objects, context) => {
    if (!this.slots) {
      this.seenBytes += bytesOf(objects);
      if (this.seenBytes < (this.options.startAfterBytes ?? START_AFTER_BYTES))
        return readObjects(this.source, objects, context);
      this.start();
    }
    const parts = await Promise.all(
      planChunks(objects, this.threads, this.options.splitBytes).map((chunk) =>
        this.dispatch(chunk, context),
      ),
    );
    if (parts.length === 1) return parts[0] as ObjectsRead;
    // Chunks in object order: each day's parts follow the order of the objects they came from.
    const days = new Map<string, StagedPart[]>();
    for (const part of parts)
      for (const [dt, staged] of part.days) days.set(dt, [...(days.get(dt) ?? []), ...staged]);
    return { objects: parts.flatMap((p) => p.objects), days };
  };

  async close(): Promise<void> {
    await closeWorkers((this.slots ?? []).flatMap((s) => (s.worker ? [s.worker] : [])));
  }
}
