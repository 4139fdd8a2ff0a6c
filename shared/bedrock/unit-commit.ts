import type { ObjectStore } from '../ports';

/**
 * Marks a staged unit done by writing its manifest, once every day it changed has been rebuilt
 * (the single run does it per batch, a fanned-out run in its commit step). Rewriting the same
 * manifest changes nothing, so a retried commit is harmless.
 */
export async function commitUnit(
  store: ObjectStore,
  outcome: { manifest?: { key: string; body: string } },
): Promise<void> {
  if (outcome.manifest) await store.put(outcome.manifest.key, Buffer.from(outcome.manifest.body));
}
