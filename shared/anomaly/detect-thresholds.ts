import type { ThresholdConfig } from '../config/anomaly-schema';
import { staticThreshold } from '../detect/static-threshold';
import type { DetectorResult } from '../detect/verdict';
import { DAY_MS, floorDay, floorHour, HOUR_MS } from '../lake/utc';
import { picoOf } from '../recommend/micros';
import type { Episode, SamplePeriod, SeriesRef, SeriesUnit } from './episode';
import { seriesKeyOf } from './to-episode';
import type { QuarterUsage } from './usage-quarters';
import type { UsageCell, UsageSeries } from './usage-series';
import type { DetectionWindow } from './window';

type Dims = UsageSeries['dimensions'];
const SCOPE = ['team', 'feature', 'environment', 'model'] as const;
/** Complete hours back under the limit that close an hourly incident: usage hovering at the limit is one incident. */
export const CLOSE_AFTER_HOURS = 3;

const inScope = (t: ThresholdConfig, d: Dims) => SCOPE.every((k) => t[k] === undefined || t[k] === d[k]);

/** Micro-dollars of decimal dollar text, exactly. */
const microsOf = (text: string): bigint => picoOf(text) / 1_000_000n;
/** Micro-dollars of an estimate in (float) dollars, rounded: compared with a limit, never added up. */
const microsOfEstimate = (dollars: number): bigint => BigInt(Math.round(dollars * 1e6));

/**
 * The usage in scope, summed per hour over the last 24 hours (complete hours from the hourly series,
 * the hours still going from their ended quarters: a lower bound so far) and over the current UTC day.
 */
function usageInScope(
  t: ThresholdConfig,
  usage: readonly UsageSeries[],
  quarters: ReadonlyMap<string, QuarterUsage>,
  window: DetectionWindow,
) {
  const since = floorHour(window.at) - 23 * HOUR_MS;
  const today = floorDay(window.at);
  const hours = new Map<number, UsageCell>();
  const day: UsageCell = { invocations: 0, errors: 0, tokens: 0, cost: 0 };
  const add = (at: number, hour: number, c: UsageCell) => {
    if (hour >= since) {
      const h = hours.get(hour) ?? { invocations: 0, errors: 0, tokens: 0, cost: 0 };
      h.invocations += c.invocations;
      h.tokens += c.tokens;
      h.cost += c.cost;
      hours.set(hour, h);
    }
    if (at >= today) day.cost += c.cost;
  };
  for (const s of usage) {
    if (!inScope(t, s.dimensions)) continue;
    for (let i = s.timestamps.length - 1; i >= 0; i--) {
      const at = s.timestamps[i] as number;
      if (at < Math.min(since, today)) break;
      add(at, at, {
        invocations: s.invocations[i] as number,
        errors: 0,
        tokens: s.tokens[i] as number,
        cost: s.priced ? (s.estimatedCost[i] as number) : 0,
      });
    }
  }
  for (const q of quarters.values()) {
    if (!inScope(t, q.dimensions)) continue;
    for (const [at, c] of q.quarters) add(at, floorHour(at), c);
  }
  return { hours, day };
}

interface Limit {
  metric: string;
  unit: SeriesUnit;
  per: SamplePeriod;
  max: number;
}

/**
 * Static thresholds from the configuration, checked on every run over the usage the run has read
 * already (no query of its own): tokens and invocations per UTC hour, estimated spend per UTC day,
 * each summed over the threshold's scope. A sample over its limit opens an incident (the limit is
 * the expected value and the bound); the incident closes after `CLOSE_AFTER_HOURS` complete hours
 * back under it (a daily one with its day), and escalates only when the value doubles, so a spend that keeps growing past
 * its limit during the day is one alert.
 */
export function detectThresholds(
  thresholds: readonly ThresholdConfig[],
  usage: readonly UsageSeries[],
  quarters: ReadonlyMap<string, QuarterUsage>,
  window: DetectionWindow,
): Episode[] {
  const out: Episode[] = [];
  for (const t of thresholds) {
    const { hours, day } = usageInScope(t, usage, quarters, window);
    const dims: Record<string, string> = { threshold: t.name };
    for (const k of SCOPE) if (t[k] !== undefined) dims[k] = t[k] as string;
    const ref = (l: Limit): SeriesRef => ({
      kind: 'usage',
      metric: l.metric,
      unit: l.unit,
      dimensions: dims,
    });
    const key = (l: Limit) => seriesKeyOf('threshold', { name: t.name, limit: `${l.metric}_per_${l.per}` });
    const hourly: [Limit, (c: UsageCell) => number][] = [];
    if (t.maxTokensPerHour !== undefined)
      hourly.push([
        { metric: 'tokens', unit: 'tokens', per: 'hour', max: t.maxTokensPerHour },
        (c) => c.tokens,
      ]);
    if (t.maxInvocationsPerHour !== undefined)
      hourly.push([
        { metric: 'invocations', unit: 'invocations', per: 'hour', max: t.maxInvocationsPerHour },
        (c) => c.invocations,
      ]);
    const ordered = [...hours.keys()].sort((a, b) => a - b);
    for (const [limit, value] of hourly) {
      let open: Episode | undefined;
      let normalRun = 0;
      for (const hour of ordered) {
        const c = hours.get(hour) as UsageCell;
        const x = value(c);
        const r = staticThreshold(x, { max: limit.max });
        if (r.verdict !== 'anomalous') {
          // An hour still going that is under the limit so far says nothing yet.
          if (open && hour < window.completeBefore && ++normalRun >= CLOSE_AFTER_HOURS) {
            out.push({ ...open, closedAt: hour });
            open = undefined;
          }
          continue;
        }
        normalRun = 0;
        // Dollars above the limit: the share of the hour's estimated cost past it (unpriced models add
        // nothing, so a lower bound).
        const excess = x > 0 ? c.cost * (1 - limit.max / x) : 0;
        if (!open) open = episode(ref(limit), key(limit), hour, x, limit, r);
        else if (x > open.observed) Object.assign(open, { observed: x, peakDeviation: x, score: r.score });
        open.lastAnomalousAt = hour;
        open.extraCostSoFar += excess;
        open.extraCostPerDay = excess * (DAY_MS / HOUR_MS);
      }
      if (open) out.push(open);
    }
    // Unpriced usage adds nothing: the spend is then a lower bound, and a crossing is still certain.
    if (t.maxSpendPerDay !== undefined) {
      const limitMicros = microsOf(t.maxSpendPerDay);
      const spentMicros = microsOfEstimate(day.cost);
      if (spentMicros > limitMicros) {
        const max = Number(limitMicros) / 1e6;
        const limit: Limit = { metric: 'estimated_cost', unit: 'USD', per: 'day', max };
        const e = episode(
          ref(limit),
          key(limit),
          floorDay(window.at),
          day.cost,
          limit,
          staticThreshold(day.cost, { max }),
        );
        e.extraCostSoFar = Number(spentMicros - limitMicros) / 1e6;
        e.extraCostPerDay = e.extraCostSoFar;
        out.push(e);
      }
    }
  }
  return out;
}

function episode(
  series: SeriesRef,
  seriesKey: string,
  at: number,
  observed: number,
  limit: Limit,
  r: DetectorResult,
): Episode {
  return {
    series,
    seriesKey,
    startedAt: at,
    lastAnomalousAt: at,
    detector: 'static-threshold',
    direction: 'up',
    observed,
    expected: limit.max,
    // Escalation compares values, not excesses: a limit passed by a cent escalates at twice the limit.
    peakDeviation: observed,
    score: r.score,
    extraCostSoFar: 0,
    extraCostPerDay: 0,
    metrics: [series.metric],
    samplePeriod: limit.per,
  };
}
