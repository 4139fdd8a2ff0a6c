import { dayOf } from '../lake/utc';
import type { QueryEngine } from '../ports/query-engine';
import type { Episode } from './episode';
import { num, type QueryTally, runWindowed, str } from './sql';

/** Who drove an incident: its model and feature, and the calling identities with their share. */
export interface Contributors {
  model?: string;
  feature?: string;
  identities: { identity: string; tokens: number; invocations: number; share: number }[];
}

const IDENTITIES_SQL = `SELECT identity_arn,
  COUNT(*) AS invocations,
  CAST(SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS BIGINT) AS tokens
FROM bedrock_invocations
WHERE dt BETWEEN {{from}} AND {{to}}
  AND event_time >= CAST({{since}} AS TIMESTAMP) AND event_time < CAST({{until}} AS TIMESTAMP)
  AND team = {{team}} AND feature = {{feature}} AND environment = {{environment}} AND model = {{model}}
GROUP BY identity_arn
ORDER BY tokens DESC, invocations DESC
LIMIT 3`;

const text = { kind: 'string' } as const;
const PARAMS = {
  since: text,
  until: text,
  team: text,
  feature: text,
  environment: text,
  model: text,
} as const;
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * The top calling identities of a usage incident, read from `bedrock_invocations` for the
 * incident's own hours only (its days bound `dt`, so this reads a day or two, not the window).
 */
export async function topContributors(
  engine: QueryEngine,
  tally: QueryTally,
  episode: Episode,
  until: number,
): Promise<Contributors> {
  const d = episode.series.dimensions;
  const base = {
    ...(d.model !== undefined ? { model: d.model } : {}),
    ...(d.feature !== undefined ? { feature: d.feature } : {}),
  };
  if (episode.series.kind !== 'usage' && episode.series.kind !== 'errors') return { ...base, identities: [] };
  // A threshold's scope may leave dimensions open: its series names no single feature and model.
  if (episode.detector === 'static-threshold') return { ...base, identities: [] };
  const end = Math.min(until, episode.lastAnomalousAt + 3_600_000);
  const rows = await runWindowed(
    engine,
    tally,
    { from: dayOf(episode.startedAt), to: dayOf(end) },
    IDENTITIES_SQL,
    PARAMS,
    {
      since: sqlTime(episode.startedAt),
      until: sqlTime(end),
      team: d.team ?? '',
      feature: d.feature ?? '',
      environment: d.environment ?? '',
      model: d.model ?? '',
    },
  );
  const total = rows.reduce((sum, r) => sum + num(r.tokens), 0);
  return {
    ...base,
    identities: rows.map((r) => ({
      identity: str(r.identity_arn),
      tokens: num(r.tokens),
      invocations: num(r.invocations),
      share: total > 0 ? num(r.tokens) / total : 0,
    })),
  };
}
