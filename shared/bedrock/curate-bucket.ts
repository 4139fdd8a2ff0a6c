import type { AttributionConfig } from '../config';
import type { LakeValue } from '../lake/parquet';
import { bedrockInvocations } from '../lake/tables';
import { type Attribution, createAttributor } from './attribution';
import { type MergedBucket, STAGED_READ } from './merge-staged';
import type { ModelNormalizer } from './normalize-model';

/** Staged columns carried over unchanged into the curated table (tags become team, feature, environment). */
const CARRIED = STAGED_READ.filter((c) => c !== 'request_metadata');

/** Turns merged buckets into curated `bedrock_invocations` columns. */
export type Curator = (merged: MergedBucket) => Promise<Record<string, LakeValue[]>>;

/**
 * A curator for one day: attributes (each distinct tags × identity once) and normalizes the model
 * of every row, sorted by (event_time, request_id).
 */
export function createCurator(attribution: AttributionConfig, normalizeModel: ModelNormalizer): Curator {
  const attribute = createAttributor(attribution);
  const who = new Map<string, Attribution>();
  return (merged) =>
    curatedColumns(merged, normalizeModel, (tags, identity) => {
      const cacheKey = `${tags ?? ''}\u0000${identity ?? ''}`;
      let a = who.get(cacheKey);
      if (!a) {
        a = attribute(tags ? (JSON.parse(tags) as Record<string, unknown>) : undefined, identity);
        who.set(cacheKey, a);
      }
      return a;
    });
}

/** The curated columns of a merged bucket, sorted by (event_time, request_id). */
async function curatedColumns(
  merged: MergedBucket,
  normalizeModel: ModelNormalizer,
  attribute: (tags: string | null, identity: string | null) => Attribution,
): Promise<Record<string, LakeValue[]>> {
  const n = merged.rows;
  const cols = merged.columns;
  const times = cols.event_time as number[];
  const ids = cols.request_id as string[];
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const d = (times[a] as number) - (times[b] as number);
    if (d !== 0) return d;
    return (ids[a] as string) < (ids[b] as string) ? -1 : 1;
  });
  const out: Record<string, LakeValue[]> = Object.fromEntries(
    bedrockInvocations.columns.map((c) => [c.name, new Array<LakeValue>(n)]),
  );
  for (const c of CARRIED) {
    const from = cols[c] as LakeValue[];
    const to = out[c] as LakeValue[];
    for (let j = 0; j < n; j++) to[j] = from[order[j] as number] ?? null;
  }
  const metadata = cols.request_metadata as (string | null)[];
  const identities = cols.identity_arn as (string | null)[];
  const modelIds = cols.model_id as string[];
  const models = new Map<string, string>();
  const outModel = out.model as LakeValue[];
  const outTeam = out.team as LakeValue[];
  const outFeature = out.feature as LakeValue[];
  const outEnvironment = out.environment as LakeValue[];
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const modelId = modelIds[i] as string;
    let model = models.get(modelId);
    if (model === undefined) {
      model = await normalizeModel(modelId);
      models.set(modelId, model);
    }
    outModel[j] = model;
    const a = attribute(metadata[i] ?? null, identities[i] ?? null);
    outTeam[j] = a.team;
    outFeature[j] = a.feature;
    outEnvironment[j] = a.environment;
  }
  return out;
}
