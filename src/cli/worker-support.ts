import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ObjectStore, ObjectStoreStats } from '../../shared/ports';

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
