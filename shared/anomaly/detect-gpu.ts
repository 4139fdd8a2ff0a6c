import { DEFAULT_IDLE_GPU, type IdleGpuOptions, idleGpu } from '../detect/idle-gpu';
import { DAY_MS, HOUR_MS } from '../lake/utc';
import type { QueryEngine } from '../ports/query-engine';
import { MERGE_SLACK_MS } from './detect-usage';
import type { Episode, SeriesRef } from './episode';
import { num, type QueryTally, runWindowed, str } from './sql';
import { mergeEpisodes, seriesKeyOf } from './to-episode';
import type { UnitPrices } from './unit-prices';
import { type DetectionWindow, parseSqlTimestamp } from './window';

const GPU_SQL = `SELECT hour, source, resource_id, instance_type, gpu_util_avg, team, environment
FROM gpu_hourly
WHERE dt BETWEEN {{from}} AND {{to}}
ORDER BY resource_id, hour`;

interface Resource {
  dims: Record<string, string>;
  instanceType: string;
  hours: Map<number, number>;
}

/**
 * Idle GPUs per resource: paid hours (a row means the resource ran) under the utilization floor
 * for the configured run of hours. The idle cost is the instance rate times the unused share.
 */
export async function detectIdleGpus(
  engine: QueryEngine,
  tally: QueryTally,
  window: DetectionWindow,
  prices: UnitPrices,
  options: IdleGpuOptions = DEFAULT_IDLE_GPU,
): Promise<Episode[]> {
  const rows = await runWindowed(engine, tally, window, GPU_SQL);
  const resources = new Map<string, Resource>();
  for (const row of rows) {
    const hour = parseSqlTimestamp(row.hour);
    if (!(hour < window.completeBefore)) continue;
    const id = str(row.resource_id);
    let r = resources.get(id);
    if (!r) {
      r = {
        dims: {
          team: str(row.team),
          environment: str(row.environment),
          resource_id: id,
          source: str(row.source),
          instance_type: str(row.instance_type),
        },
        instanceType: str(row.instance_type),
        hours: new Map(),
      };
      resources.set(id, r);
    }
    r.hours.set(hour, num(row.gpu_util_avg));
  }
  const out: Episode[] = [];
  for (const r of resources.values()) {
    // SageMaker ml.* types are priced at their EC2 rate when the book has none: a lower bound.
    const rate =
      prices.instanceHour(r.instanceType) ?? prices.instanceHour(r.instanceType.replace(/^ml\./, ''));
    out.push(...idleEpisodes(r, rate, options, window.completeBefore));
  }
  return out;
}

function idleEpisodes(
  r: Resource,
  rate: number | undefined,
  options: IdleGpuOptions,
  completeBefore: number,
): Episode[] {
  const first = Math.min(...r.hours.keys());
  const last = Math.max(...r.hours.keys());
  const n = Math.round((last - first) / HOUR_MS) + 1;
  const util = new Float64Array(n).fill(Number.NaN);
  const paid: boolean[] = new Array(n).fill(false);
  for (const [t, u] of r.hours) {
    const i = Math.round((t - first) / HOUR_MS);
    util[i] = u;
    paid[i] = true;
  }
  const series: SeriesRef = { kind: 'gpu-idle', metric: 'gpu_util', unit: 'percent', dimensions: r.dims };
  const key = seriesKeyOf('gpu-idle', r.dims);
  const idleCost = (i: number) => (rate ?? 0) * (1 - Math.min(100, Math.max(0, util[i] as number)) / 100);
  const episodes: Episode[] = [];
  let start = -1;
  const close = (end: number, closed: boolean) => {
    let soFar = 0;
    for (let i = start; i < end; i++) if (paid[i] && Number.isFinite(util[i] as number)) soFar += idleCost(i);
    const lastIdle = end - 1;
    episodes.push({
      series,
      seriesKey: key,
      startedAt: first + start * HOUR_MS,
      lastAnomalousAt: first + lastIdle * HOUR_MS,
      ...(closed ? { closedAt: first + end * HOUR_MS } : {}),
      detector: 'idle-gpu',
      direction: 'down',
      observed: util[lastIdle] as number,
      expected: options.utilizationFloor,
      // The idle rate, not the growing total: an idle fleet escalates when more of it idles.
      peakDeviation: idleCost(lastIdle) * (DAY_MS / HOUR_MS),
      score: 1,
      extraCostSoFar: soFar,
      extraCostPerDay: idleCost(lastIdle) * (DAY_MS / HOUR_MS),
      ...(rate === undefined ? { unpriced: `no hourly rate for ${r.instanceType} in the price book` } : {}),
      metrics: ['gpu_util'],
    });
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const verdict = idleGpu(util.subarray(0, i + 1), paid.slice(0, i + 1), options).verdict;
    if (verdict === 'anomalous' && start < 0) start = i - options.hours + 1;
    // Only a busy hour ends an idle stretch: an hour without data (an agent restart) does not.
    else if (
      verdict !== 'anomalous' &&
      start >= 0 &&
      paid[i] &&
      (util[i] as number) >= options.utilizationFloor
    )
      close(i, true);
  }
  // A resource that stopped reporting hours ago has stopped running: its idle stretch is over.
  if (start >= 0) close(n, last < completeBefore - 2 * HOUR_MS);
  return mergeEpisodes(episodes, MERGE_SLACK_MS);
}
