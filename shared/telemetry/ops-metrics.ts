/**
 * The pipeline's own CloudWatch metrics (EMF, namespace `GenAiFinOps`, dimension `service` = the
 * function). Each name x function is one custom metric, $0.30 a month past the account's free 10,
 * so only what an alarm or the dashboard reads is published; every other count of a run stays in
 * its one summary log line (Logs Insights reads it at no monthly fee).
 */
export const OPS_METRICS = {
  /** RecordsRead feeds the no-data alarm; RecordsWritten the dashboard. */
  bedrockIngest: ['RecordsRead', 'RecordsWritten'],
  /** The pipeline's own Cost Explorer bill ($0.01 a request). */
  costIngest: ['CostExplorerRequests'],
  /** The pipeline's own GetMetricData bill ($0.01 per 1,000 metrics). */
  gpuIngest: ['GpuMetricsRequested'],
  anomaly: ['AlertsSent'],
  report: [],
} as const satisfies Record<string, readonly string[]>;

/** A job whose run publishes metrics. */
export type OpsMetricJob = keyof typeof OPS_METRICS;

const PUBLISHED: ReadonlySet<string> = new Set(Object.values(OPS_METRICS).flat());

/** True for a count published as a metric; false for one kept in the summary line only. */
export const isPublishedMetric = (name: string): boolean => PUBLISHED.has(name);

/** Custom metrics the functions publish: each job's names, one `service` each (no cold-start metrics). */
export function opsMetricCount(): number {
  return Object.values(OPS_METRICS).reduce((n, names) => n + names.length, 0);
}
