import type { GpuConfig } from '../config';

/** team / environment / priority of a GPU resource. */
export interface GpuAttribution {
  team: string;
  environment: string;
  priority: string;
}

/**
 * Reads the configured tag keys (first present wins; keys compared without case, since `Team` and
 * `team` are both common). A missing or empty value is `unattributed`: nothing is dropped for lack of a tag.
 */
export function attributeTags(
  tags: Readonly<Record<string, string>>,
  tagKeys: GpuConfig['tagKeys'],
  unattributed: string,
): GpuAttribution {
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const pick = (keys: readonly string[]) => {
    for (const key of keys) {
      const v = lower.get(key.toLowerCase());
      if (v) return v;
    }
    return unattributed;
  };
  return {
    team: pick(tagKeys.team),
    environment: pick(tagKeys.environment),
    priority: pick(tagKeys.priority),
  };
}
