import { parseCsv } from '../cost/csv';

/** One business outcome count: a day × team × feature × metric, the value as exact decimal text. */
export interface BusinessMetric {
  day: string;
  team: string;
  feature: string;
  metricName: string;
  value: string;
}

/** A CSV row that cannot be read, with its 1-based line. */
export class BusinessMetricsError extends Error {
  override name = 'BusinessMetricsError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^\d{1,16}(\.\d{1,12})?$/;
const HEADERS: Record<string, keyof BusinessMetric> = {
  date: 'day',
  metric_date: 'day',
  team: 'team',
  feature: 'feature',
  metric: 'metricName',
  metric_name: 'metricName',
  value: 'value',
};

/**
 * Reads `date,team,feature,metric_name,value` CSV (header names in any order; `metric_date` and
 * `metric` also accepted). Values are non-negative decimals kept as text; a bad row is an error
 * naming `file`, the line and the field, so nothing half-read is written.
 */
export function parseBusinessMetricsCsv(text: string, file: string): BusinessMetric[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new BusinessMetricsError(`${file}: empty file`);
  const fields = header.map((h) => HEADERS[h.trim().toLowerCase()]);
  for (const need of ['day', 'team', 'feature', 'metricName', 'value'] as const) {
    if (!fields.includes(need))
      throw new BusinessMetricsError(`${file}: header needs date, team, feature, metric_name and value`);
  }
  const out: BusinessMetric[] = [];
  rows.forEach((cells, i) => {
    if (cells.length === 1 && cells[0]?.trim() === '') return;
    const line = i + 2;
    const m: Partial<BusinessMetric> = {};
    fields.forEach((f, k) => {
      if (f) m[f] = (cells[k] ?? '').trim();
    });
    const bad = (field: string, value: string | undefined) =>
      new BusinessMetricsError(`${file} line ${line}: ${field} ${JSON.stringify(value ?? '')} is not valid`);
    if (!m.day || !DAY.test(m.day) || Number.isNaN(Date.parse(`${m.day}T00:00:00Z`)))
      throw bad('date', m.day);
    if (!m.team) throw bad('team', m.team);
    if (!m.feature) throw bad('feature', m.feature);
    if (!m.metricName) throw bad('metric_name', m.metricName);
    if (!m.value || !DECIMAL.test(m.value)) throw bad('value', m.value);
    out.push(m as BusinessMetric);
  });
  return out;
}
