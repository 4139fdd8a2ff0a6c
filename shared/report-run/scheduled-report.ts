import type { ReportPeriod } from './last-period';
import type { ReportRunSummary } from './run-report';

/** The schedule's period (default `week`); throws on anything but `week` or `month`. */
export function scheduledReportPeriod(period: string | undefined): ReportPeriod {
  const chosen = period ?? 'week';
  if (chosen !== 'week' && chosen !== 'month') throw new Error(`period must be week or month, got ${chosen}`);
  return chosen;
}

/** One report run's counts, by the names the function's summary line and metrics use. */
export function reportCounts(s: ReportRunSummary): Record<string, number> {
  return { ReportBytesScanned: s.bytesScanned, ReportMetricRecords: s.metricRecords };
}
