import type { ObjectInfo, ObjectStore } from '../ports';

/** Where the Bedrock ingest keeps its private staging: extracts per day, and unit manifests. */
export const STAGE_ROOT = '_stage/bedrock_invocations';

/** The staged extract of one unit for one day. */
export const stagedKey = (dt: string, unitId: string): string => `${STAGE_ROOT}/dt=${dt}/${unitId}.parquet`;

/** The manifest that marks a unit done: what was read, and which days it fed. */
export const manifestKey = (unitId: string): string => `${STAGE_ROOT}/_units/${unitId}.json`;

/** Every staged extract of a day, in key order: what a rebuild of the day reads. */
export async function listStaged(store: ObjectStore, dt: string): Promise<ObjectInfo[]> {
  const staged: ObjectInfo[] = [];
  for await (const o of store.list(`${STAGE_ROOT}/dt=${dt}/`)) if (o.key.endsWith('.parquet')) staged.push(o);
  return staged.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
