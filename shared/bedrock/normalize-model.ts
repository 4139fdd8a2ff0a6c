import type { AppConfig } from '../config';
import type { ModelResolver } from '../ports';

/**
 * Cross-Region inference profile prefixes. A geographic or global profile id is the base
 * model id with one of these in front (`us.anthropic.…`, `global.anthropic.…`).
 */
const CROSS_REGION_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(?=[a-z0-9-]+\.)/;

const ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):([a-z-]+)\/(.+)$/;

/** What kind of model reference a logged `modelId` is. */
export type ModelIdKind =
  | 'base'
  | 'cross-region-profile'
  | 'foundation-model-arn'
  | 'system-profile-arn'
  | 'application-profile-arn'
  | 'other-arn';

/** Strips a cross-Region prefix: `us.anthropic.claude-…` → `anthropic.claude-…`. */
export function stripCrossRegionPrefix(id: string): string {
  return id.replace(CROSS_REGION_PREFIX, '');
}

/** Classifies a logged modelId and gives the base model id when it can be read off the id itself. */
export function classifyModelId(modelId: string): { kind: ModelIdKind; model: string } {
  const arn = ARN.exec(modelId);
  if (!arn) {
    const base = stripCrossRegionPrefix(modelId);
    return { kind: base === modelId ? 'base' : 'cross-region-profile', model: base };
  }
  const resourceType = arn[3];
  const resource = arn[4] as string;
  switch (resourceType) {
    case 'foundation-model':
      return { kind: 'foundation-model-arn', model: resource };
    case 'inference-profile':
      return { kind: 'system-profile-arn', model: stripCrossRegionPrefix(resource) };
    case 'application-inference-profile':
      return { kind: 'application-profile-arn', model: modelId };
    default:
      // Provisioned throughput, custom and imported models: the ARN is the best name we have.
      return { kind: 'other-arn', model: modelId };
  }
}

/** Gives the normalized base model for a logged modelId (cached). */
export type ModelNormalizer = (modelId: string) => Promise<string>;

/** The model normalizer for a run: cross-Region prefixes and ARNs, then configured and resolved profiles. */
export function createModelNormalizer(config: AppConfig, resolver?: ModelResolver): ModelNormalizer {
  const cache = new Map<string, Promise<string>>();
  const resolve = async (modelId: string): Promise<string> => {
    const { kind, model } = classifyModelId(modelId);
    if (kind !== 'application-profile-arn') return model;
    const configured = config.ingest.inferenceProfiles[modelId];
    if (configured) return classifyModelId(configured).model;
    const resolved = resolver ? await resolver.resolveApplicationProfile(modelId) : undefined;
    return resolved ? classifyModelId(resolved).model : modelId;
  };
  return (modelId) => {
    let hit = cache.get(modelId);
    if (!hit) {
      hit = resolve(modelId);
      hit.catch(() => cache.delete(modelId));
      cache.set(modelId, hit);
    }
    return hit;
  };
}
