import type { GpuConfig } from '../config';
import { PERIOD_SECONDS } from './fetch-series';
import { labelTemplate } from './labels';
import { gpuMetricSpecs } from './metric-catalog';

/** A GetMetricData request as `aws cloudwatch get-metric-data --cli-input-json` takes it. */
export interface CliMetricDataRequest {
  StartTime: string;
  EndTime: string;
  ScanBy: 'TimestampAscending';
  MetricDataQueries: { Id: string; Expression: string; Label: string; ReturnData: true }[];
}

/**
 * The request a user runs with the AWS CLI to save what `--from-file` reads: one SEARCH per metric
 * and statistic (hourly), each labelled with the metric and the dimensions that name the resource
 * and GPU, so the saved response reads back without the request. The agent's dimension set varies
 * with its configuration, so its metrics are searched by name and roll-ups skipped when read.
 */
export function gpuMetricRequest(
  config: GpuConfig,
  window: { start: number; end: number },
): CliMetricDataRequest {
  const queries: CliMetricDataRequest['MetricDataQueries'] = [];
  for (const spec of gpuMetricSpecs(config)) {
    const search = spec.searchSchema
      ? `{${quoteSchema(spec.namespace)},${spec.searchSchema.join(',')}} MetricName="${spec.metricName}"`
      : `Namespace="${spec.namespace}" MetricName="${spec.metricName}"`;
    const dims = spec.searchSchema ?? [...spec.requiredDimensions, 'InstanceType'];
    for (const stat of spec.stats) {
      queries.push({
        Id: `${spec.source}_${spec.measure}_${stat.toLowerCase()}`,
        Expression: `SEARCH('${search.replace(/'/g, "\\'")}', '${stat}', ${PERIOD_SECONDS})`,
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
