import type { MetricIdentity } from '../ports';
import { GpuInputError } from './errors';
import { parseSearchExpression } from './labels';
import { isObject, parseSavedJson, parseTimestamp } from './saved-json';

/** How one query `Id` of a saved request is read back. */
export type SavedQuery =
  | { kind: 'stat'; metric: MetricIdentity; stat: string }
  | { kind: 'search'; namespace?: string; metricName?: string; stat: string; labelTemplate?: string }
  | { kind: 'other' };

/** A saved `--cli-input-json` GetMetricData request. */
export interface SavedRequest {
  file: string;
  queries: Map<string, SavedQuery>;
  /** StartTime/EndTime as epoch ms, when the request has them. */
  start?: number;
  end?: number;
}

function dimensionsOf(raw: unknown, file: string, field: string): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw new GpuInputError(file, field, 'is not a list of {Name, Value}');
  const out: Record<string, string> = {};
  raw.forEach((d, i) => {
    if (!isObject(d) || typeof d.Name !== 'string' || typeof d.Value !== 'string')
      throw new GpuInputError(file, `${field}[${i}]`, 'is not {Name, Value} with string values');
    out[d.Name] = d.Value;
  });
  return out;
}

/** Reads the request a saved response was made with: each `Id` → its metric, or its SEARCH and label. */
export function parseSavedRequest(text: string, file: string): SavedRequest {
  const raw = parseSavedJson(text, file);
  if (!isObject(raw) || !Array.isArray(raw.MetricDataQueries))
    throw new GpuInputError(
      file,
      'MetricDataQueries',
      'is missing: not a GetMetricData request (--cli-input-json)',
    );
  const time = (name: 'StartTime' | 'EndTime'): number | undefined => {
    if (raw[name] === undefined) return undefined;
    const ms = parseTimestamp(raw[name]);
    if (ms === undefined)
      throw new GpuInputError(file, name, `is not a UTC timestamp: ${JSON.stringify(raw[name])}`);
    return ms;
  };
  const queries = new Map<string, SavedQuery>();
  raw.MetricDataQueries.forEach((q, i) => {
    const field = `MetricDataQueries[${i}]`;
    if (!isObject(q) || typeof q.Id !== 'string') throw new GpuInputError(file, `${field}.Id`, 'is missing');
    const stat = q.MetricStat;
    if (isObject(stat)) {
      const metric = stat.Metric;
      if (!isObject(metric) || typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string')
        throw new GpuInputError(file, `${field}.MetricStat.Metric`, 'needs Namespace and MetricName');
      if (typeof stat.Stat !== 'string')
        throw new GpuInputError(file, `${field}.MetricStat.Stat`, 'is missing');
      queries.set(q.Id, {
        kind: 'stat',
        metric: {
          namespace: metric.Namespace,
          metricName: metric.MetricName,
          dimensions: dimensionsOf(metric.Dimensions, file, `${field}.MetricStat.Metric.Dimensions`),
        },
        stat: stat.Stat,
      });
      return;
    }
    const search = typeof q.Expression === 'string' ? parseSearchExpression(q.Expression) : undefined;
    queries.set(
      q.Id,
      search
        ? { kind: 'search', ...search, ...(typeof q.Label === 'string' ? { labelTemplate: q.Label } : {}) }
        : { kind: 'other' },
    );
  });
  return { file, queries, start: time('StartTime'), end: time('EndTime') };
}
