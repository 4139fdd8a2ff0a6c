import type { AppConfig } from '../config';
import type { CostExplorerConfig } from '../config/cost-explorer-schema';
import { SELECTION_REFRESH_DAYS } from '../cost/cached-selection';
import { planRequests } from '../cost/request-plan';
import { REFRESH_DAYS as MEMORY_TOTALS_REFRESH_DAYS } from '../gpu/memory-totals';
import { runMetricSpecs } from '../gpu/metric-catalog';
import { statsFor } from '../gpu/query-plan';
import { scheduledRunPlan } from '../gpu/run-plan';
import { HOUR_MS } from '../lake/utc';
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
 * GetMetricData metrics one GPU costs a month at hourly runs (`runsPerMonth`), as the run plan requests
 * them (`scheduledRunPlan`, the same function each run calls): utilization every run, memory on the
 * runs whose hour is a memory hour (`gpu.memoryEveryHours`), the memory total only on its weekly
 * refresh. EC2 (the CloudWatch agent) is the most a GPU costs; SageMaker and EKS cost the same
 * without the refresh.
 */
export function metricsPerGpuMonth(config: AppConfig, runsPerMonth: number): number {
  const ec2 = { ...config.gpu, sources: { ec2: true, sagemaker: false, eks: false } };
  const refreshes = Math.ceil(DAYS / MEMORY_TOTALS_REFRESH_DAYS);
  let metrics = 0;
  // Runs are hourly from a day's start: hour i of the month is the run at its end.
  for (let run = 1; run <= runsPerMonth; run++) {
    const at = new Date(run * HOUR_MS);
    const plan = scheduledRunPlan(at, ec2, at);
    for (const spec of runMetricSpecs(ec2, plan.readMemory))
      if (spec.measure !== 'memTotal') metrics += statsFor(spec, plan.query).length;
  }
  const total = runMetricSpecs(ec2, true).find((s) => s.measure === 'memTotal');
  const recent = scheduledRunPlan(new Date(HOUR_MS), ec2, new Date(HOUR_MS)).query;
  return metrics + (total ? statsFor(total, recent).length * refreshes : 0);
}

/** Custom metrics (name x dimension set x value) the functions publish under `config`. */
export function customMetricCount(config: AppConfig): number {
  return opsMetricCount() + unitMetricCount(config.report.metricsTopN);
}
