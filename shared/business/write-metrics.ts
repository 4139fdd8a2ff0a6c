import { replacePartition } from '../lake/partition-writer';
import { businessMetrics } from '../lake/tables';
import type { ObjectStore } from '../ports';
import type { BusinessMetric } from './metrics-csv';

/**
 * Replaces each day of `metrics` in `business_metrics` (rows sorted, so a rerun writes identical
 * files). Days not in the input stay as they are. Returns the days written.
 */
export async function writeBusinessMetrics(
  store: ObjectStore,
  metrics: readonly BusinessMetric[],
): Promise<string[]> {
  const byDay = new Map<string, BusinessMetric[]>();
  for (const m of metrics) byDay.set(m.day, [...(byDay.get(m.day) ?? []), m]);
  const days = [...byDay.keys()].sort();
  for (const day of days) {
    const rows = (byDay.get(day) as BusinessMetric[]).sort((a, b) =>
      `${a.team}\t${a.feature}\t${a.metricName}`.localeCompare(`${b.team}\t${b.feature}\t${b.metricName}`),
    );
    await replacePartition(
      store,
      businessMetrics,
      day,
      {
        metric_date: rows.map(() => Date.parse(`${day}T00:00:00Z`)),
        team: rows.map((r) => r.team),
        feature: rows.map((r) => r.feature),
        metric_name: rows.map((r) => r.metricName),
        value: rows.map((r) => r.value),
      },
      rows.length,
    );
  }
  return days;
}
