import { Worker } from 'node:worker_threads';
import {
  type BucketMerger,
  type BucketPart,
  type DayThreads,
  dayTasksHere,
  type GroupShuffler,
} from '../../shared/bedrock/bucket-part';
import { createCurator } from '../../shared/bedrock/curate-bucket';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import type { AppConfig } from '../../shared/config';
import type { ModelResolver, ObjectInfo, ObjectStore, ObjectStoreStats } from '../../shared/ports';
import { addStats, builtWorkerFile, closeWorkers, workerStore } from './worker-support';

/** A task for a worker: a bucket to merge, or a flush group to shuffle. */
export type DayTask =
  | { kind: 'merge'; prefix: string; bucket: number }
  | { kind: 'shuffle'; prefix: string; buckets: number; extracts: readonly ObjectInfo[]; flush: number };

interface Reply {
  id: number;
  /** The bucket merged (a merge task); absent for a shuffle. */
  part?: BucketPart;
  stats?: Partial<ObjectStoreStats>;
  error?: { name: string; message: string };
}

/** Where a bucket is merged: this thread, or a worker with the replies it owes. */
interface Slot {
  worker?: Worker;
  pending: Map<number, { resolve: (p: BucketPart | undefined) => void; reject: (e: Error) => void }>;
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
 * Shuffles and merges a large day on `threads` threads at once: this one and `threads - 1` workers,
 * started at the first task (a day of one bucket, the usual case, starts none). Each worker has its
 * own store over the same location: it writes a flush group's bucket objects itself (the day's
 * rebuild checks its lease before handing each group out), and hands back a merged bucket's encoded
 * parts and aggregate shares, which the rebuild writes in bucket order under its lease. Requests the
 * workers make are added to the store's counts. Objects and parts are byte for byte those this
 * thread would write.
 */
export class MergePool {
  private slots: Slot[] | undefined;
  private readonly idle: Slot[] = [];
  private next = 0;
  /** The tasks this thread runs itself. */
  private readonly here: DayThreads;

  private constructor(
    private readonly setup: MergePoolSetup,
    private readonly file: string,
    private readonly threads: number,
  ) {
    const curate = createCurator(
      setup.config.attribution,
      createModelNormalizer(setup.config, setup.resolver),
    );
    this.here = dayTasksHere(setup.store, curate);
  }

  /** A pool, or undefined when one thread is asked for or the worker file is not built. */
  static open(setup: MergePoolSetup, threads: number): MergePool | undefined {
    const file = setup.workerFile ?? builtWorkerFile('merge-worker', import.meta.url);
    if (threads <= 1 || !file) return undefined;
    return new MergePool(setup, file, threads);
  }

  /** What the day's rebuild takes (`CompactDeps.merger`). */
  get merger(): DayThreads {
    return { merge: this.merge, shuffle: this.shuffle, concurrency: this.threads };
  }

  private start(): Slot[] {
    const data = {
      ...workerStore(this.setup.location),
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
        if (m.error) task.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
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

  /**
   * Runs one task on an idle thread, workers first: `here` in this thread, or the task posted to a
   * worker. The day's rebuild runs at most `concurrency` tasks at once, so a thread is free.
   */
  private async run(
    task: DayTask,
    here: () => Promise<BucketPart | undefined>,
  ): Promise<BucketPart | undefined> {
    if (!this.slots) this.start();
    const slot = this.idle.shift();
    if (!slot) throw new Error('more day tasks at once than threads');
    try {
      const worker = slot.worker;
      if (!worker) return await here();
      return await new Promise<BucketPart | undefined>((resolve, reject) => {
        const id = this.next++;
        slot.pending.set(id, { resolve, reject });
        worker.postMessage({ id, task });
      });
    } finally {
      // This thread is taken last: it has the day's writes and the hand-offs to do too.
      if (slot.worker) this.idle.unshift(slot);
      else this.idle.push(slot);
    }
  }

  private readonly merge: BucketMerger = async (prefix, bucket) => {
    const part = await this.run({ kind: 'merge', prefix, bucket }, () => this.here.merge(prefix, bucket));
    if (!part) throw new Error(`bucket ${bucket} came back without its part`);
    return part;
  };

  private readonly shuffle: GroupShuffler = async (prefix, buckets, extracts, flush, written) => {
    await this.run({ kind: 'shuffle', prefix, buckets, extracts, flush }, async () => {
      await this.here.shuffle(prefix, buckets, extracts, flush, written);
      return undefined;
    });
  };

  async close(): Promise<void> {
    await closeWorkers((this.slots ?? []).flatMap((s) => (s.worker ? [s.worker] : [])));
  }
}
