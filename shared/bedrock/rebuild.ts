import type { AppConfig } from '../config';
import type { Clock, ModelResolver, ObjectStore } from '../ports';
import {
  buildSettingsOf,
  describeDifferences,
  readBuildSettings,
  writeBuildSettings,
} from './build-settings';
import { type CompactOutcome, compactDay } from './compact';
import { createModelNormalizer } from './normalize-model';
import { STAGE_ROOT } from './stage-paths';

/** What a rebuild changed. */
export interface RebuildSummary {
  partitions: string[];
  recordsWritten: number;
  /** Settings that differ from those the store was built with before (empty when the same). */
  settingsChanged: string[];
  /** Per team: rows after minus rows before, over the rebuilt days; teams that did not change are left out. */
  teamsChanged: Record<string, number>;
  /** Rows whose team changed, at least (the sum of the gains). */
  rowsReattributed: number;
  days: CompactOutcome[];
}

/**
 * Rebuilds days of `bedrock_invocations` from the staged extracts alone, without reading raw
 * logs (which may have expired): the deliberate way to apply a new attribution mapping or
 * inference-profile map to history. Reports what it re-attributed, and records the new settings
 * as the store's. `from`/`to` are inclusive `YYYY-MM-DD` days; absent means unbounded.
 */
export async function rebuildBedrockDays(
  deps: { store: ObjectStore; config: AppConfig; clock: Clock; resolver?: ModelResolver },
  range: { from?: string; to?: string } = {},
): Promise<RebuildSummary> {
  const { folders } = await deps.store.listFolder(`${STAGE_ROOT}/`);
  const days = folders
    .map((f) => /dt=(\d{4}-\d{2}-\d{2})\/$/.exec(f)?.[1])
    .filter((d): d is string => d !== undefined)
    .filter((d) => (range.from === undefined || d >= range.from) && (range.to === undefined || d <= range.to))
    .sort();
  const settings = buildSettingsOf(deps.config, deps.resolver !== undefined);
  const before = await readBuildSettings(deps.store);
  const normalizeModel = createModelNormalizer(deps.config, deps.resolver);
  const out: CompactOutcome[] = [];
  for (const dt of days) {
    out.push(
      await compactDay(dt, {
        store: deps.store,
        clock: deps.clock,
        attribution: deps.config.attribution,
        normalizeModel,
        countPrevious: true,
      }),
    );
  }
  if (days.length > 0) await writeBuildSettings(deps.store, settings);
  const delta: Record<string, number> = {};
  for (const d of out) {
    for (const [team, n] of Object.entries(d.teams)) delta[team] = (delta[team] ?? 0) + n;
    for (const [team, n] of Object.entries(d.previousTeams ?? {})) delta[team] = (delta[team] ?? 0) - n;
  }
  const teamsChanged = Object.fromEntries(
    Object.entries(delta)
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    partitions: out.map((d) => d.dt),
    recordsWritten: out.reduce((n, d) => n + d.rowsWritten, 0),
    settingsChanged: before ? describeDifferences(before, settings) : [],
    teamsChanged,
    rowsReattributed: Object.values(teamsChanged).reduce((n, v) => n + Math.max(0, v), 0),
    days: out,
  };
}
