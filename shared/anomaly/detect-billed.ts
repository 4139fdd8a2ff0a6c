import { DAY_MS } from '../lake/utc';
import type { QueryEngine } from '../ports/query-engine';
import type { Episode, SeriesRef } from './episode';
import { replaySeries } from './replay';
import { num, type QueryTally, runWindowed, str } from './sql';
import { mergeEpisodes, seriesKeyOf, toEpisode } from './to-episode';
import type { DetectionWindow } from './window';

const BILLED_SQL = `SELECT usage_date, service, usage_type,
  CAST(SUM(CAST(unblended_cost AS DOUBLE)) AS DOUBLE) AS billed_cost
FROM cost_daily
WHERE dt BETWEEN {{from}} AND {{to}}
GROUP BY usage_date, service, usage_type
ORDER BY service, usage_type, usage_date`;

/**
 * Daily billed (unblended) cost per service × usage type, each day a sample; a day without a row
 * is $0 billed. Only spikes up are incidents: a bill going down is news for the reports.
 */
export async function detectBilledCost(
  engine: QueryEngine,
  tally: QueryTally,
  window: DetectionWindow,
): Promise<Episode[]> {
  const rows = await runWindowed(engine, tally, window, BILLED_SQL);
  const lines = new Map<string, { dims: Record<string, string>; days: Map<number, number> }>();
  for (const row of rows) {
    const day = Date.parse(`${str(row.usage_date)}T00:00:00Z`);
    // Today's bill is not in yet.
    if (!(day + DAY_MS <= window.at)) continue;
    const dims = { service: str(row.service), usage_type: str(row.usage_type) };
    const key = `${dims.service}\u0000${dims.usage_type}`;
    const line = lines.get(key) ?? { dims, days: new Map() };
    line.days.set(day, (line.days.get(day) ?? 0) + num(row.billed_cost));
    lines.set(key, line);
  }
  const out: Episode[] = [];
  for (const { dims, days } of lines.values()) {
    const first = Math.min(...days.keys());
    const last = Math.max(...days.keys());
    const n = Math.round((last - first) / DAY_MS) + 1;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = first + i * DAY_MS;
      v[i] = days.get(t[i] as number) ?? 0;
    }
    const replay = replaySeries(t, v);
    const series: SeriesRef = { kind: 'billed-cost', metric: 'billed_cost', unit: 'USD', dimensions: dims };
    const key = seriesKeyOf('billed-cost', dims);
    const found = replay.episodes
      .filter((raw) => raw.direction === 'up')
      .map((raw) =>
        toEpisode(series, key, t, v, replay.expected, raw, DAY_MS, {
          observed: v,
          expected: replay.expected,
        }),
      );
    out.push(...mergeEpisodes(found, DAY_MS));
  }
  return out;
}
