import { readState, updateState } from '../anomaly/state-object';
import { DAY_MS, HOUR_MS } from '../lake/utc';
import type { MetricIdentity, ObjectStore } from '../ports';
import type { GpuMetricSpec } from './metric-catalog';
import type { MetricSeries } from './series';

/**
 * A GPU's memory size does not change, so `nvidia_smi_memory_total` (a third billed metric per EC2
 * GPU every run) is read once and kept in the store, then read again only every `REFRESH_DAYS` or for
 * a GPU seen the first time: each run then requests two metrics per EC2 GPU, like SageMaker and EKS.
 */
export const MEMORY_TOTALS_KEY = '_state/gpu/memory-totals.json';
export const REFRESH_DAYS = 7;

/** MiB per GPU (`<namespace>|<InstanceId>|<index>`), with when it was read. */
export type MemoryTotals = Record<string, { mib: number; readAt: string }>;

const keyOf = (m: MetricIdentity): string =>
  [m.namespace, m.dimensions.InstanceId ?? '', m.dimensions.index ?? ''].join('|');

/** The memory totals kept in the store (none for a new store). */
export async function readMemoryTotals(store: ObjectStore): Promise<MemoryTotals> {
  return (await readState<MemoryTotals>(store, MEMORY_TOTALS_KEY))?.value ?? {};
}

/** True when a series need not be requested: a memory total read less than `REFRESH_DAYS` ago. */
export function isKnownTotal(
  totals: MemoryTotals,
  spec: GpuMetricSpec,
  metric: MetricIdentity,
  now: Date,
): boolean {
  if (spec.measure !== 'memTotal') return false;
  const known = totals[keyOf(metric)];
  return known !== undefined && now.getTime() - Date.parse(known.readAt) < REFRESH_DAYS * DAY_MS;
}

/** A kept total as a series of one point per hour of the window, as if CloudWatch had returned it. */
export function knownTotalSeries(
  totals: MemoryTotals,
  metric: MetricIdentity,
  window: { start: number; end: number },
): MetricSeries {
  const mib = totals[keyOf(metric)]?.mib ?? 0;
  const timestamps: number[] = [];
  for (let t = window.start; t < window.end; t += HOUR_MS) timestamps.push(t);
  return {
    metric,
    stat: 'Average',
    timestamps,
    values: timestamps.map(() => mib),
    origin: MEMORY_TOTALS_KEY,
  };
}

/** Keeps the memory totals just read (the last point of each series), merged into the stored ones. */
export async function rememberTotals(
  store: ObjectStore,
  read: readonly MetricSeries[],
  now: Date,
): Promise<void> {
  const fresh: MemoryTotals = {};
  for (const s of read) {
    const last = s.values[s.values.length - 1];
    if (last !== undefined && last > 0) fresh[keyOf(s.metric)] = { mib: last, readAt: now.toISOString() };
  }
  if (Object.keys(fresh).length === 0) return;
  await updateState<MemoryTotals>(store, MEMORY_TOTALS_KEY, (current) => ({ ...current, ...fresh }));
}
