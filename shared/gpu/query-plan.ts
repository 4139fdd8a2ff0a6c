import { DAY_MS } from '../lake/utc';
import type { GpuMetricSpec, GpuStat } from './metric-catalog';

/**
 * How a window's GPU metrics are read. GetMetricData bills per metric requested, not per data
 * point, so one `Average` query at 5-minute periods costs what one hourly query does and gives both
 * the hour's mean (of the 5-minute means) and its peak (the highest 5-minute mean): the `Maximum`
 * query, a second billed metric per GPU, is only needed where CloudWatch keeps hourly points alone.
 */
export interface GpuQueryPlan {
  periodSeconds: number;
  /** True when each hour has one point a series: utilization's peak then needs its own `Maximum` query. */
  readMaximum: boolean;
}

/** 5-minute points are kept 63 days; older data is hourly only (CloudWatch retention). */
export const FINE_PERIOD_SECONDS = 300;
export const HOURLY_PERIOD_SECONDS = 3600;
/** A day's margin under the 63 days, so a run that starts late still finds 5-minute points. */
const FINE_RETENTION_MS = 62 * DAY_MS;

/** The plan for a window: 5-minute `Average` points when its start is younger than 62 days, else hourly. */
export function gpuQueryPlan(window: { start: number }, now: Date): GpuQueryPlan {
  return now.getTime() - window.start <= FINE_RETENTION_MS
    ? { periodSeconds: FINE_PERIOD_SECONDS, readMaximum: false }
    : { periodSeconds: HOURLY_PERIOD_SECONDS, readMaximum: true };
}

/** The statistics requested for a spec under a plan. */
export function statsFor(spec: GpuMetricSpec, plan: GpuQueryPlan): readonly GpuStat[] {
  return plan.readMaximum ? spec.stats : spec.stats.filter((s) => s === 'Average');
}

/** Metrics one GPU costs per run under a plan, for the given specs of one source. */
export function metricsPerGpu(specs: readonly GpuMetricSpec[], plan: GpuQueryPlan): number {
  return specs.reduce((n, s) => n + statsFor(s, plan).length, 0);
}
