import type { Clock, ObjectStore } from '../../shared/ports';

/**
 * Runs several workers with their store writes, listings and waits interleaved in an order drawn
 * from a seed: every step (list, head, put, conditional put, delete, sleep) of a worker waits
 * until the schedule names that worker. Reads of object bodies pass through, so the workers'
 * own concurrency cannot deadlock the schedule.
 */
export class Interleaver {
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly finished = new Set<string>();
  private state: number;
  private steps = 0;

  constructor(
    seed: number,
    private readonly workers: readonly string[],
  ) {
    this.state = seed >>> 0 || 1;
  }

  /** Steps taken so far. */
  get count(): number {
    return this.steps;
  }

  private next(): number {
    // xorshift32: a fixed sequence per seed.
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return this.state >>> 0;
  }

  /** Waits for `worker`'s turn. */
  step(worker: string): Promise<void> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(worker) ?? [];
      queue.push(resolve);
      this.waiting.set(worker, queue);
      this.dispatch();
    });
  }

  /** Marks a worker done: the schedule no longer waits for it. */
  finish(worker: string): void {
    this.finished.add(worker);
    this.dispatch();
  }

  private dispatch(): void {
    // Go on only when every unfinished worker is waiting at a step: then the order is the schedule's.
    const live = this.workers.filter((w) => !this.finished.has(w));
    if (live.length === 0 || live.some((w) => (this.waiting.get(w)?.length ?? 0) === 0)) return;
    const chosen = live[this.next() % live.length] as string;
    const resolve = this.waiting.get(chosen)?.shift() as () => void;
    this.steps++;
    // Let the chosen step run before the next choice is made.
    setImmediate(() => {
      resolve();
      setImmediate(() => this.dispatch());
    });
  }

  /** `store` with each step of `worker` waiting for its turn. */
  store(worker: string, store: ObjectStore): ObjectStore {
    const step = () => this.step(worker);
    return {
      get uri() {
        return store.uri;
      },
      stats: store.stats,
      async *list(prefix, options) {
        await step();
        yield* store.list(prefix, options);
      },
      listFolder: async (prefix) => {
        await step();
        return store.listFolder(prefix);
      },
      get: (key) => store.get(key),
      getBytes: (key) => store.getBytes(key),
      put: async (key, body, options) => {
        await step();
        return store.put(key, body, options);
      },
      delete: async (keys) => {
        await step();
        return store.delete(keys);
      },
      head: async (key) => {
        await step();
        return store.head(key);
      },
      putIf: async (key, body, condition) => {
        await step();
        return store.putIf(key, body, condition);
      },
    };
  }

  /** `clock` whose sleeps are steps of `worker`. */
  clock(worker: string, clock: Clock): Clock {
    return {
      now: () => clock.now(),
      sleep: async (ms) => {
        await clock.sleep(ms);
        await this.step(worker);
      },
    };
  }
}
