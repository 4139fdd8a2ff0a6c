import type { MetricIdentity } from '../ports';
import { GpuInputError, MetricAccessError } from './errors';
import { type LabelFacts, parseDefaultLabel, parseLabel } from './labels';
import { isObject, parseSavedJson, parseTimestamp } from './saved-json';
import type { SavedQuery, SavedRequest } from './saved-request';
import type { MetricSeries } from './series';

/** What reading saved GetMetricData responses gave. */
export interface SavedResponses {
  series: MetricSeries[];
  /** Response pages read (each object with `MetricDataResults`). */
  pages: number;
  /** Series whose last page still said `PartialData` (their later points were never saved). */
  partialSeries: number;
  /** Results not used, by reason (expressions that are not a bare SEARCH, …). */
  skipped: Record<string, number>;
  /** Metrics the saved request cost: each series counted once per page it appeared on. */
  metricsRequested: number;
}

interface Accumulated {
  metric: MetricIdentity;
  stat: string;
  points: Map<number, number>;
  status: string;
  origin: string;
}

/** The pages of one saved file: one response object, or an array of them (`aws … --no-paginate` pages). */
function pagesOf(raw: unknown, file: string): { page: Record<string, unknown>; field: string }[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((page, i) => {
    const field = Array.isArray(raw) ? `[${i}]` : '';
    if (!isObject(page) || !Array.isArray(page.MetricDataResults))
      throw new GpuInputError(
        file,
        `${field}MetricDataResults`,
        'is missing: not `aws cloudwatch get-metric-data` output',
      );
    return { page, field };
  });
}

function identify(
  label: string | undefined,
  query: SavedQuery | undefined,
): { metric: MetricIdentity; stat: string } | { skip: string } | undefined {
  if (query?.kind === 'stat') return { metric: query.metric, stat: query.stat };
  if (query?.kind === 'other') return { skip: 'expression result, not one series per GPU' };
  if (label === undefined) return undefined;
  const facts: LabelFacts | undefined =
    query?.kind === 'search' && query.labelTemplate !== undefined
      ? (parseLabel(query.labelTemplate, label) ?? parseDefaultLabel(label))
      : parseDefaultLabel(label);
  const namespace = facts?.namespace ?? (query?.kind === 'search' ? query.namespace : undefined);
  const metricName = facts?.metricName ?? (query?.kind === 'search' ? query.metricName : undefined);
  const stat = (query?.kind === 'search' ? query.stat : undefined) ?? facts?.stat;
  if (!facts || !namespace || !metricName || !stat) return undefined;
  return { metric: { namespace, metricName, dimensions: facts.dimensions }, stat };
}

/**
 * Reads saved `aws cloudwatch get-metric-data` output exactly as the CLI (or boto3) prints it: one
 * object, an array of pages, several files; a series split over pages is joined by `Id` and `Label`
 * (a SEARCH returns many series under one `Id`), newest-first or oldest-first. `PartialData`
 * continues; `Forbidden` or `InternalError` fails naming the file and query. Bad shapes fail naming
 * the file and field, before anything is written.
 */
export function readSavedResponses(
  files: readonly { file: string; text: string }[],
  request?: SavedRequest,
): SavedResponses {
  const acc = new Map<string, Accumulated>();
  const out: SavedResponses = { series: [], pages: 0, partialSeries: 0, skipped: {}, metricsRequested: 0 };
  for (const { file, text } of files) {
    for (const { page, field: pageField } of pagesOf(parseSavedJson(text, file), file)) {
      out.pages++;
      (page.MetricDataResults as unknown[]).forEach((r, i) => {
        const field = `${pageField}MetricDataResults[${i}]`;
        if (!isObject(r) || typeof r.Id !== 'string')
          throw new GpuInputError(file, `${field}.Id`, 'is missing');
        const label = typeof r.Label === 'string' ? r.Label : undefined;
        const status = typeof r.StatusCode === 'string' ? r.StatusCode : 'Complete';
        if (status === 'Forbidden')
          throw new MetricAccessError(
            `${file}: ${field} (Id ${r.Id}) has StatusCode Forbidden: the credentials that saved it may not read this metric${messagesOf(r)}`,
          );
        if (status !== 'Complete' && status !== 'PartialData')
          throw new GpuInputError(
            file,
            `${field}.StatusCode`,
            `is ${status}${messagesOf(r)}: request it again`,
          );
        out.metricsRequested++;
        const who = identify(label, request?.queries.get(r.Id));
        if (who === undefined)
          throw new GpuInputError(
            file,
            `${field}.Label`,
            `(${JSON.stringify(label ?? null)}, Id ${r.Id}) does not say which metric and resource it is: pass --request with the request it was made with, or make the request with --print-request`,
          );
        if ('skip' in who) {
          out.skipped[who.skip] = (out.skipped[who.skip] ?? 0) + 1;
          return;
        }
        const points = pointsOf(r, file, field);
        const key = `${r.Id}\u0000${label ?? ''}`;
        let series = acc.get(key);
        if (!series) {
          series = { ...who, points: new Map(), status, origin: file };
          acc.set(key, series);
        }
        for (const [t, v] of points) series.points.set(t, v);
        series.status = status;
      });
    }
  }
  for (const s of acc.values()) {
    if (s.status === 'PartialData') out.partialSeries++;
    const times = [...s.points.keys()].sort((a, b) => a - b);
    out.series.push({
      metric: s.metric,
      stat: s.stat,
      timestamps: times,
      values: times.map((t) => s.points.get(t) as number),
      origin: s.origin,
    });
  }
  return out;
}

function messagesOf(r: Record<string, unknown>): string {
  const m = Array.isArray(r.Messages) ? r.Messages : [];
  const text = m
    .filter(isObject)
    .map((x) => `${String(x.Code ?? '')}: ${String(x.Value ?? '')}`)
    .join('; ');
  return text ? ` (${text})` : '';
}

function pointsOf(r: Record<string, unknown>, file: string, field: string): [number, number][] {
  const ts = r.Timestamps ?? [];
  const vs = r.Values ?? [];
  if (!Array.isArray(ts)) throw new GpuInputError(file, `${field}.Timestamps`, 'is not a list');
  if (!Array.isArray(vs)) throw new GpuInputError(file, `${field}.Values`, 'is not a list');
  if (ts.length !== vs.length)
    throw new GpuInputError(file, `${field}.Values`, `has ${vs.length} values for ${ts.length} timestamps`);
  return ts.map((t, j) => {
    const ms = parseTimestamp(t);
    if (ms === undefined)
      throw new GpuInputError(
        file,
        `${field}.Timestamps[${j}]`,
        `is not a UTC timestamp: ${JSON.stringify(t)}`,
      );
    const v = vs[j];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new GpuInputError(
        file,
        `${field}.Values[${j}]`,
        `is not a non-negative number: ${JSON.stringify(v)}`,
      );
    return [ms, v];
  });
}
