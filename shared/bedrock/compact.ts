import type { Readable } from 'node:stream';
import type { AttributionConfig } from '../config';
import { decodeParquet, encodeParquet, type LakeRow } from '../lake/parquet';
import { bedrockInvocations } from '../lake/tables';
import type { ObjectStore } from '../ports';
import { createAttributor } from './attribution';
import type { StagedRecord } from './stage-table';
import { STAGE_ROOT } from './stage-unit';

/** Rows per curated Parquet object; a day above this is split into several parts. */
export const ROWS_PER_PART = 1_000_000;

export interface CompactOutcome {
  dt: string;
  rowsStaged: number;
  rowsWritten: number;
  duplicatesDropped: number;
  keysWritten: string[];
}

/** Gives the normalized base model for a logged modelId (cached by the caller). */
export type ModelNormalizer = (modelId: string) => Promise<string>;

async function readAll(store: ObjectStore, key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of (await store.get(key)) as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const partKey = (dt: string, part: number): string =>
  `${bedrockInvocations.name}/dt=${dt}/part-${String(part).padStart(5, '0')}.parquet`;

/**
 * Rebuilds one day of `bedrock_invocations` from everything staged for it: keeps the first
 * record of each request_id (staged files in key order), attributes and normalizes, sorts by
 * (event_time, request_id) and replaces the day's objects under deterministic keys. The same
 * staged data always gives byte-identical output, whatever windows and reruns produced it.
 */
export async function compactDay(
  dt: string,
  deps: { store: ObjectStore; attribution: AttributionConfig; normalizeModel: ModelNormalizer },
): Promise<CompactOutcome> {
  const { store } = deps;
  const staged: string[] = [];
  for await (const o of store.list(`${STAGE_ROOT}/dt=${dt}/`))
    if (o.key.endsWith('.parquet')) staged.push(o.key);
  staged.sort();

  const seen = new Set<string>();
  const records: StagedRecord[] = [];
  let rowsStaged = 0;
  for (const key of staged) {
    const rows = (await decodeParquet(await readAll(store, key))) as unknown as StagedRecord[];
    rowsStaged += rows.length;
    for (const r of rows) {
      if (seen.has(r.request_id)) continue;
      seen.add(r.request_id);
      records.push(r);
    }
  }
  records.sort((a, b) =>
    a.event_time !== b.event_time ? a.event_time - b.event_time : a.request_id < b.request_id ? -1 : 1,
  );

  const attribute = createAttributor(deps.attribution);
  const models = new Map<string, string>();
  for (const r of records)
    if (!models.has(r.model_id)) models.set(r.model_id, await deps.normalizeModel(r.model_id));

  const rows: LakeRow[] = records.map((r) => {
    const tags = r.request_metadata ? (JSON.parse(r.request_metadata) as Record<string, unknown>) : undefined;
    const who = attribute(tags, r.identity_arn);
    return {
      event_time: r.event_time,
      request_id: r.request_id,
      account_id: r.account_id,
      region: r.region,
      operation: r.operation,
      model_id: r.model_id,
      model: models.get(r.model_id) ?? r.model_id,
      identity_arn: r.identity_arn,
      team: who.team,
      feature: who.feature,
      environment: who.environment,
      input_tokens: r.input_tokens,
      output_tokens: r.output_tokens,
      cache_read_tokens: r.cache_read_tokens,
      cache_write_tokens: r.cache_write_tokens,
      error_code: r.error_code,
    };
  });

  const existing: string[] = [];
  for await (const o of store.list(`${bedrockInvocations.name}/dt=${dt}/`)) existing.push(o.key);
  const keysWritten: string[] = [];
  for (let start = 0, part = 0; start < rows.length; start += ROWS_PER_PART, part++) {
    const key = partKey(dt, part);
    await store.put(key, encodeParquet(bedrockInvocations, rows.slice(start, start + ROWS_PER_PART)));
    keysWritten.push(key);
  }
  // Parts beyond the new count (the day shrank) or left by another writer: the day is only what was just written.
  const stale = existing.filter((k) => !keysWritten.includes(k));
  if (stale.length > 0) await store.delete(stale);
  return {
    dt,
    rowsStaged,
    rowsWritten: rows.length,
    duplicatesDropped: rowsStaged - rows.length,
    keysWritten,
  };
}
