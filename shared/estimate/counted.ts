import type { AppConfig } from '../config';
import type { CostExplorerConfig } from '../config/cost-explorer-schema';
import { SELECTION_REFRESH_DAYS } from '../cost/cached-selection';
import { planRequests } from '../cost/request-plan';
import { REFRESH_DAYS as MEMORY_TOTALS_REFRESH_DAYS } from '../gpu/memory-totals';
import { gpuMetricSpecs } from '../gpu/metric-catalog';
import { gpuQueryPlan, statsFor } from '../gpu/query-plan';
import { unitMetricCount } from '../report-run/unit-metrics';
import { opsMetricCount } from '../telemetry/ops-metrics';

/**
 * Request and metric counts taken from the code that makes them (the same functions the ingests call),
 * so the estimate follows the code: tests/unit check each against a run on mocked AWS responses.
 */

/** Days in the estimated month. */
export const DAYS = 30;

/**
 * Cost Explorer requests of a month of daily runs: the planned GetCostAndUsage requests every run
 * (one page each), and the GetDimensionValues of a discovery on each weekly refresh plus the month's
 * start (its window reaches back before the kept discovery).
 */
export function costExplorerRequestsPerMonth(config: CostExplorerConfig): number {
  const anyFilter = { Dimensions: { Key: 'SERVICE', Values: ['x'] } };
  const perRun = planRequests({ from: '2026-01-01', to: '2026-01-01' }, anyFilter, config).length;
  const discovery = config.discoverServices.length + config.usageTypes.length;
  const discoveries = Math.ceil(DAYS / SELECTION_REFRESH_DAYS) + (config.previousMonthDays > 0 ? 1 : 0);
  return DAYS * perRun + discoveries * discovery;
}

/**
 * GetMetricData metrics one GPU costs a month at hourly runs (`runsPerMonth`): every statistic the
 * plan reads for recent data, the memory total only on its weekly refresh. EC2 (the CloudWatch
 * agent) is the most a GPU costs; SageMaker and EKS cost the same without the refresh.
 */
export function metricsPerGpuMonth(config: AppConfig, runsPerMonth: number): number {
  // A window starting now: the plan every scheduled run reads with (5-minute points, no Maximum).
  const recent = gpuQueryPlan({ start: 0 }, new Date(0));
  const ec2 = gpuMetricSpecs({ ...config.gpu, sources: { ec2: true, sagemaker: false, eks: false } });
  let every = 0;
  let refreshed = 0;
  for (const spec of ec2) {
    if (spec.measure === 'memTotal') refreshed += statsFor(spec, recent).length;
    else every += statsFor(spec, recent).length;
  }
  return every * runsPerMonth + refreshed * Math.ceil(DAYS / MEMORY_TOTALS_REFRESH_DAYS);
}

/** Custom metrics (name x dimension set x value) the functions publish under `config`. */
export function customMetricCount(config: AppConfig): number {
  return opsMetricCount() + unitMetricCount(config.report.metricsTopN);
}
