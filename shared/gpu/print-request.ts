import type { GpuConfig } from '../config';
import { labelTemplate } from './labels';
import { runMetricSpecs } from './metric-catalog';
import { type GpuQueryPlan, HOURLY_PERIOD_SECONDS, statsFor } from './query-plan';

/** A GetMetricData request as `aws cloudwatch get-metric-data --cli-input-json` takes it. */
export interface CliMetricDataRequest {
  StartTime: string;
  EndTime: string;
  ScanBy: 'TimestampAscending';
  MetricDataQueries: { Id: string; Expression: string; Label: string; ReturnData: true }[];
}

/** Hourly `Average` and `Maximum`: what reads any age of data (the default when no plan is given). */
const HOURLY_PLAN: GpuQueryPlan = { periodSeconds: HOURLY_PERIOD_SECONDS, readMaximum: true };

/**
 * The request a user runs with the AWS CLI to save what `--from-file` reads: one SEARCH per metric
 * and statistic of the plan (`gpuQueryPlan`: 5-minute averages for recent days), each labelled with the metric and the dimensions that name the resource
 * and GPU, so the saved response reads back without the request. The agent's dimension set varies
 * with its configuration, so its metrics are searched by name and roll-ups skipped when read.
 * Memory metrics are in it unless `readMemory` is false (a backfill's plan reads them for the whole window).
 */
export function gpuMetricRequest(
  config: GpuConfig,
  window: { start: number; end: number },
  plan: GpuQueryPlan = HOURLY_PLAN,
  readMemory = true,
): CliMetricDataRequest {
  const queries: CliMetricDataRequest['MetricDataQueries'] = [];
  for (const spec of runMetricSpecs(config, readMemory)) {
    const search = spec.searchSchema
      ? `{${quoteSchema(spec.namespace)},${spec.searchSchema.join(',')}} MetricName="${spec.metricName}"`
      : `Namespace="${spec.namespace}" MetricName="${spec.metricName}"`;
    const dims = spec.searchSchema ?? [...spec.requiredDimensions, 'InstanceType'];
    for (const stat of statsFor(spec, plan)) {
      queries.push({
        Id: `${spec.source}_${spec.measure}_${stat.toLowerCase()}`,
        Expression: `SEARCH('${search.replace(/'/g, "\\'")}', '${stat}', ${plan.periodSeconds})`,
        Label: labelTemplate(stat, dims),
        ReturnData: true,
      });
    }
  }
  return {
    StartTime: new Date(window.start).toISOString(),
    EndTime: new Date(window.end).toISOString(),
    ScanBy: 'TimestampAscending',
    MetricDataQueries: queries,
  };
}

/** A namespace with characters outside the SEARCH schema's bare words (`/aws/sagemaker/…`) is quoted. */
const quoteSchema = (namespace: string): string =>
  /^[A-Za-z0-9_.-]+$/.test(namespace) ? namespace : `"${namespace}"`;
