import type { ObjectStore } from '../ports';

/** The whole object in memory: only for small objects (staged extracts, manifests). */
export async function readAll(store: ObjectStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await store.get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
