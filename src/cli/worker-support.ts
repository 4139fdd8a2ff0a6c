import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseLocation } from '../../shared/adapters/open-store';
import type { ObjectStore, ObjectStoreStats } from '../../shared/ports';

/** Where a worker opens its own store: the location, and its folder when it is local. */
export interface WorkerStore {
  location: string;
  folder?: string;
}

/** The `WorkerStore` of a location (told apart here, so a worker need not load the parser). */
export function workerStore(location: string): WorkerStore {
  const where = parseLocation(location);
  return { location, folder: where.kind === 'local' ? where.path : undefined };
}

/**
 * Opens a worker's store. A local one needs no AWS SDK: loading it would cost each worker as much
 * as reading several MB of logs.
 */
export async function openWorkerStore(where: WorkerStore): Promise<ObjectStore> {
  if (where.folder) return new FolderStore(where.folder);
  return (await import('../../shared/adapters/open-store')).openStore(where.location);
}

/**
 * Runs one task of a worker and posts its reply, `{ id, ...result, stats }` with `transfer`'s buffers
 * moved, or `{ id, error, stats }` when it throws.
 */
export async function reply(
  port: MessagePort,
  id: number,
  stats: () => Partial<ObjectStoreStats>,
  work: () => Promise<{ result: object; transfer: ArrayBuffer[] }>,
): Promise<void> {
  try {
    const { result, transfer } = await work();
    port.postMessage({ id, ...result, stats: stats() }, transfer);
  } catch (error) {
    port.postMessage({
      id,
      error: { name: (error as Error).name, message: (error as Error).message },
      stats: stats(),
    });
  }
}

/** Stops workers without their exits counting as failures. */
export async function closeWorkers(workers: readonly Worker[]): Promise<void> {
  for (const w of workers) w.removeAllListeners('exit');
  await Promise.all(workers.map((w) => w.terminate()));
}

/**
 * What a worker thread's store counted since the last call (its requests and bytes, which the main
 * thread adds to its own store's): several tasks run at once, so each reply carries what changed.
 */
export function statsSince(store: ObjectStore): () => Partial<ObjectStoreStats> {
  let reported: ObjectStoreStats = { ...store.stats };
  return () => {
    const now = { ...store.stats };
    const delta = Object.fromEntries(
      Object.entries(now).map(([k, v]) => [k, v - reported[k as keyof ObjectStoreStats]]),
    );
    reported = now;
    return delta;
  };
}

/** Adds counts a worker reported to this thread's store. */
export function addStats(store: ObjectStore, delta: Partial<ObjectStoreStats> | undefined): void {
  for (const [k, v] of Object.entries(delta ?? {})) store.stats[k as keyof ObjectStoreStats] += v as number;
}

/**
 * A built worker beside the command (`dist/<name>.mjs`), or undefined when running from source
 * (a worker thread cannot load TypeScript).
 */
export function builtWorkerFile(name: string, base: string | URL): string | undefined {
  for (const candidate of [`./${name}.mjs`, `../${name}.mjs`]) {
    const path = fileURLToPath(new URL(candidate, base));
    if (existsSync(path)) return path;
  }
  return undefined;
}
