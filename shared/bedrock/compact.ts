import type { AttributionConfig } from '../config';
import {
  decodeParquetColumns,
  encodeParquetColumns,
  type LakeColumns,
  type LakeRow,
  type LakeValue,
} from '../lake/parquet';
import { bedrockInvocations } from '../lake/tables';
import type { ObjectStore } from '../ports';
import { type Attribution, createAttributor } from './attribution';
import { STAGE_ROOT } from './stage-unit';

/** Rows per curated Parquet object; a day above this is split into several parts. */
export const ROWS_PER_PART = 1_000_000;

/** Staged extracts requested ahead of the one being merged. */
const FETCH_AHEAD = 8;

export interface CompactOutcome {
  dt: string;
  rowsStaged: number;
  rowsWritten: number;
  duplicatesDropped: number;
  keysWritten: string[];
}

/** Gives the normalized base model for a logged modelId (cached by the caller). */
export type ModelNormalizer = (modelId: string) => Promise<string>;

/** A staged extract as columns: from memory when this process wrote it, else fetched and decoded. */
async function stagedColumns(
  key: string,
  written: readonly LakeRow[] | undefined,
  fetches: Map<string, Promise<Uint8Array>>,
): Promise<{ rows: number; columns: LakeColumns }> {
  if (written) {
    const columns: Record<string, LakeValue[]> = {};
    for (const c of READ) {
      const values = new Array<LakeValue>(written.length);
      for (let i = 0; i < written.length; i++) values[i] = (written[i] as LakeRow)[c] ?? null;
      columns[c] = values;
    }
    return { rows: written.length, columns };
  }
  const bytes = await (fetches.get(key) as Promise<Uint8Array>);
  fetches.delete(key);
  return decodeParquetColumns(bytes, READ);
}

const partKey = (dt: string, part: number): string =>
  `${bedrockInvocations.name}/dt=${dt}/part-${String(part).padStart(5, '0')}.parquet`;

/** Staged columns carried over unchanged into the curated table. */
const CARRIED = [
  'event_time',
  'request_id',
  'account_id',
  'region',
  'operation',
  'model_id',
  'identity_arn',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'error_code',
] as const;
const READ = [...CARRIED, 'request_metadata'];

/**
 * Rebuilds one day of `bedrock_invocations` from everything staged for it: keeps the first
 * record of each request_id (staged files in key order), attributes and normalizes, sorts by
 * (event_time, request_id) and replaces the day's objects under deterministic keys. The same
 * staged data always gives byte-identical output, whatever windows and reruns produced it.
 * Works on columns, not row objects: a day of a million invocations stays within a Lambda's memory.
 */
export async function compactDay(
  dt: string,
  deps: {
    store: ObjectStore;
    attribution: AttributionConfig;
    normalizeModel: ModelNormalizer;
    /** Staged extracts this process just wrote, by key: used instead of reading them back. */
    written?: ReadonlyMap<string, readonly LakeRow[]>;
  },
): Promise<CompactOutcome> {
  const { store } = deps;
  const staged: string[] = [];
  for await (const o of store.list(`${STAGE_ROOT}/dt=${dt}/`))
    if (o.key.endsWith('.parquet')) staged.push(o.key);
  staged.sort();

  const seen = new Set<string>();
  const cols: Record<string, LakeValue[]> = Object.fromEntries(READ.map((c) => [c, [] as LakeValue[]]));
  let rowsStaged = 0;
  // Staged extracts are small and many (one per hour folder): fetch a few at once, use them in key order.
  const fetches = new Map<string, Promise<Uint8Array>>();
  const fetchFrom = (i: number): void => {
    const key = staged[i];
    if (key === undefined || fetches.has(key) || deps.written?.has(key)) return;
    const bytes = store.getBytes(key);
    bytes.catch(() => {}); // handled when awaited in turn; not an unhandled rejection meanwhile
    fetches.set(key, bytes);
  };
  for (let i = 0; i < FETCH_AHEAD; i++) fetchFrom(i);
  for (const [index, key] of staged.entries()) {
    fetchFrom(index + FETCH_AHEAD);
    const { rows, columns } = await stagedColumns(key, deps.written?.get(key), fetches);
    rowsStaged += rows;
    const ids = columns.request_id as readonly string[];
    const keep: number[] = [];
    for (let i = 0; i < rows; i++) {
      const id = ids[i] as string;
      if (!seen.has(id)) {
        seen.add(id);
        keep.push(i);
      }
    }
    // Column by column: tight loops over one array each.
    for (const c of READ) {
      const from = columns[c] as readonly LakeValue[];
      const to = cols[c] as LakeValue[];
      for (const i of keep) to.push(from[i] ?? null);
    }
  }
  const n = seen.size;
  const times = cols.event_time as number[];
  const ids = cols.request_id as string[];
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const d = (times[a] as number) - (times[b] as number);
    if (d !== 0) return d;
    return (ids[a] as string) < (ids[b] as string) ? -1 : 1;
  });

  const attribute = createAttributor(deps.attribution);
  const who = new Map<string, Attribution>();
  const models = new Map<string, string>();
  const out: Record<string, LakeValue[]> = Object.fromEntries(
    bedrockInvocations.columns.map((c) => [c.name, new Array<LakeValue>(n)]),
  );
  const metadata = cols.request_metadata as (string | null)[];
  const identities = cols.identity_arn as (string | null)[];
  const modelIds = cols.model_id as string[];
  for (const c of CARRIED) {
    const from = cols[c] as LakeValue[];
    const to = out[c] as LakeValue[];
    for (let j = 0; j < n; j++) to[j] = from[order[j] as number] ?? null;
  }
  const outModel = out.model as LakeValue[];
  const outTeam = out.team as LakeValue[];
  const outFeature = out.feature as LakeValue[];
  const outEnvironment = out.environment as LakeValue[];
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const modelId = modelIds[i] as string;
    let model = models.get(modelId);
    if (model === undefined) {
      model = await deps.normalizeModel(modelId);
      models.set(modelId, model);
    }
    outModel[j] = model;
    const tags = metadata[i] ?? null;
    const identity = identities[i] ?? null;
    const cacheKey = `${tags ?? ''}\u0000${identity ?? ''}`;
    let a = who.get(cacheKey);
    if (!a) {
      a = attribute(tags ? (JSON.parse(tags) as Record<string, unknown>) : undefined, identity);
      who.set(cacheKey, a);
    }
    outTeam[j] = a.team;
    outFeature[j] = a.feature;
    outEnvironment[j] = a.environment;
  }

  const existing: string[] = [];
  for await (const o of store.list(`${bedrockInvocations.name}/dt=${dt}/`)) existing.push(o.key);
  const keysWritten: string[] = [];
  for (let start = 0, part = 0; start < n; start += ROWS_PER_PART, part++) {
    const end = Math.min(n, start + ROWS_PER_PART);
    const slice = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.slice(start, end)]));
    const key = partKey(dt, part);
    await store.put(key, encodeParquetColumns(bedrockInvocations, slice));
    keysWritten.push(key);
  }
  // Parts beyond the new count (the day shrank) or left by another writer: the day is only what was just written.
  const stale = existing.filter((k) => !keysWritten.includes(k));
  if (stale.length > 0) await store.delete(stale);
  return { dt, rowsStaged, rowsWritten: n, duplicatesDropped: rowsStaged - n, keysWritten };
}
