import type { GpuConfig } from '../config';
import { HOUR_MS } from '../lake/utc';
import { type GpuQueryPlan, gpuQueryPlan } from './query-plan';
import { type GpuWindow, lookbackWindow } from './window';

/**
 * What one GPU run requests and replaces. Utilization is read every run (idle-GPU detection reads
 * it); memory only feeds reports and recommendations, so it is read on every `gpu.memoryEveryHours`-th
 * hour: GetMetricData bills per metric requested, not per data point (gpu-cloudwatch-metrics.md §4),
 * so one request for 8 hours of 5-minute points costs what one for an hour does.
 */
export interface GpuRunPlan {
  /** The hours read and replaced in `gpu_hourly`. */
  window: GpuWindow;
  /** True when the run requests memory metrics; otherwise the rows keep the memory the lake has. */
  readMemory: boolean;
  query: GpuQueryPlan;
}

/** True when the hour starting at `hourStart` (epoch ms, UTC) is a memory hour: a multiple of `everyHours`. */
export function isMemoryHour(hourStart: number, everyHours: number): boolean {
  // everyHours divides 24 (the schema), so epoch hours and hours of the UTC day agree.
  return Math.floor(hourStart / HOUR_MS) % everyHours === 0;
}

/**
 * The scheduled run at `at`: the `lookbackHours` whole hours before it, utilization only; or, when
 * its hour is a memory hour, utilization and memory for the `memoryEveryHours` hours since the
 * previous memory run plus the look-back's late hours before them (`memoryEveryHours + lookbackHours
 * - 1`: every hour's memory is then last read as late as its utilization is, for the same metrics).
 */
export function scheduledRunPlan(at: Date, config: GpuConfig, now: Date): GpuRunPlan {
  const end = lookbackWindow(at, 0).end;
  const readMemory = isMemoryHour(end, config.memoryEveryHours);
  const hours = readMemory ? config.memoryEveryHours + config.lookbackHours - 1 : config.lookbackHours;
  const window = lookbackWindow(at, hours);
  return { window, readMemory, query: gpuQueryPlan(window, now) };
}

/** A backfill (or saved files) over `window`: utilization and memory of the whole window, in one request. */
export function backfillRunPlan(window: GpuWindow, now: Date): GpuRunPlan {
  return { window, readMemory: true, query: gpuQueryPlan(window, now) };
}
