import type { AppConfig } from '../config';
import type { ModelResolver, ObjectStore } from '../ports';
import { type CompactOutcome, compactDay } from './compact';
import { createModelNormalizer } from './ingest';
import { STAGE_ROOT } from './stage-unit';

/**
 * Rebuilds days of `bedrock_invocations` from the staged extracts alone, without reading raw
 * logs (which may have expired): after a change of attribution mapping or inference-profile map.
 * `from`/`to` are inclusive `YYYY-MM-DD` days; absent means unbounded.
 */
export async function rebuildBedrockDays(
  deps: { store: ObjectStore; config: AppConfig; resolver?: ModelResolver },
  range: { from?: string; to?: string } = {},
): Promise<CompactOutcome[]> {
  const { folders } = await deps.store.listFolder(`${STAGE_ROOT}/`);
  const days = folders
    .map((f) => /dt=(\d{4}-\d{2}-\d{2})\/$/.exec(f)?.[1])
    .filter((d): d is string => d !== undefined)
    .filter((d) => (range.from === undefined || d >= range.from) && (range.to === undefined || d <= range.to))
    .sort();
  const normalizeModel = createModelNormalizer(deps.config, deps.resolver);
  const out: CompactOutcome[] = [];
  for (const dt of days) {
    out.push(
      await compactDay(dt, { store: deps.store, attribution: deps.config.attribution, normalizeModel }),
    );
  }
  return out;
}
