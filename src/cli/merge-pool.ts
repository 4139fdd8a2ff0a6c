import { Worker } from 'node:worker_threads';
import { parseLocation } from '../../shared/adapters/open-store';
import { type BucketMerger, type BucketPart, mergeBucketPart } from '../../shared/bedrock/bucket-part';
import { type Curator, createCurator } from '../../shared/bedrock/curate-bucket';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { bucketObjects } from '../../shared/bedrock/shuffle-day';
import type { AppConfig } from '../../shared/config';
import type { ModelResolver, ObjectStore, ObjectStoreStats } from '../../shared/ports';
import { addStats, builtWorkerFile } from './worker-support';

interface Reply {
  id: number;
  part?: BucketPart;
  stats?: Partial<ObjectStoreStats>;
  error?: { name: string; message: string };
}

/** Where a bucket is merged: this thread, or a worker with the replies it owes. */
interface Slot {
  worker?: Worker;
  pending: Map<number, { resolve: (p: BucketPart) => void; reject: (e: Error) => void }>;
}

/** What the pool needs to merge a day's buckets the way this thread would. */
export interface MergePoolSetup {
  store: ObjectStore;
  /** The store's location, for the workers to open their own. */
  location: string;
  config: AppConfig;
  resolver?: ModelResolver;
  /** The built worker (default: merge-worker.mjs beside the command). */
  workerFile?: string;
}

/**
 * Merges the buckets of a large day on `threads` threads at once: this one and `threads - 1`
 * workers, started at the first bucket (a day of one bucket, the usual case, starts none). Each
 * worker reads a bucket's objects from its own store over the same location and hands back the
 * encoded parts and aggregate shares; the day's rebuild writes them in bucket order, under its
 * lease. Requests the workers make are added to the store's counts. The parts are byte for byte
 * those this thread would encode.
 */
export class MergePool {
  private slots: Slot[] | undefined;
  private readonly idle: Slot[] = [];
  private next = 0;
  private readonly curate: Curator;

  private constructor(
    private readonly setup: MergePoolSetup,
    private readonly file: string,
    private readonly threads: number,
  ) {
    this.curate = createCurator(
      setup.config.attribution,
      createModelNormalizer(setup.config, setup.resolver),
    );
  }

  /** A pool, or undefined when one thread is asked for or the worker file is not built. */
  static open(setup: MergePoolSetup, threads: number): MergePool | undefined {
    const file = setup.workerFile ?? builtWorkerFile('merge-worker', import.meta.url);
    if (threads <= 1 || !file) return undefined;
    return new MergePool(setup, file, threads);
  }

  /** What the day's rebuild takes (`CompactDeps.merger`). */
  get merger(): { merge: BucketMerger; concurrency: number } {
    return { merge: this.merge, concurrency: this.threads };
  }

  private start(): Slot[] {
    const where = parseLocation(this.setup.location);
    const data = {
      location: this.setup.location,
      folder: where.kind === 'local' ? where.path : undefined,
      config: this.setup.config,
      resolveProfiles: this.setup.resolver !== undefined,
    };
    // No heap limit of its own: a bucket's rows are live until its parts are encoded, as in this thread.
    const workers = Array.from({ length: this.threads - 1 }, (): Slot => {
      const slot: Slot = { worker: new Worker(this.file, { workerData: data }), pending: new Map() };
      slot.worker?.on('message', (m: Reply) => {
        const task = slot.pending.get(m.id);
        if (!task) return;
        slot.pending.delete(m.id);
        addStats(this.setup.store, m.stats);
        if (m.error || !m.part)
          task.reject(Object.assign(new Error(m.error?.message ?? 'no part'), { name: m.error?.name }));
        else task.resolve(m.part);
      });
      const fail = (error: Error): void => {
        for (const task of slot.pending.values()) task.reject(error);
        slot.pending.clear();
      };
      slot.worker?.on('error', fail);
      slot.worker?.on('exit', (code) => fail(new Error(`a merge worker stopped (exit code ${code})`)));
      return slot;
    });
    this.slots = [...workers, { pending: new Map() }];
    this.idle.push(...this.slots);
    return this.slots;
  }

  /** Merges one bucket on an idle thread: workers first, this thread last. */
  private readonly merge: BucketMerger = async (prefix, bucket) => {
    if (!this.slots) this.start();
    // The day's rebuild runs at most `concurrency` merges at once, so a thread is free.
    const slot = this.idle.shift();
    if (!slot) throw new Error('more bucket merges at once than threads');
    try {
      if (!slot.worker) {
        const { store } = this.setup;
        return await mergeBucketPart(store, await bucketObjects(store, prefix, bucket), this.curate);
      }
      const worker = slot.worker;
      return await new Promise<BucketPart>((resolve, reject) => {
        const id = this.next++;
        slot.pending.set(id, { resolve, reject });
        worker.postMessage({ id, prefix, bucket });
      });
    } finally {
      // This thread is taken last: it has the day's writes and the next bucket's hand-off to do too.
      if (slot.worker) this.idle.unshift(slot);
      else this.idle.push(slot);
    }
  };

  async close(): Promise<void> {
    const workers = (this.slots ?? []).flatMap((s) => (s.worker ? [s.worker] : []));
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
