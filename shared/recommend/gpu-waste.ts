import { type GpuResource, inWorkingHours, meanUtil } from './gpu-resource';
import { scaleMicros } from './micros';
import type { Recommendation } from './recommendation';

/** Thresholds of the GPU recommendations. */
export interface GpuSettings {
  idleUtilPct: number;
  idleMaxUtilPct: number;
  scaleDownUtilPct: number;
  targetUtilPct: number;
  costlyRate: number;
  peakStart: number;
  peakEnd: number;
  offPeakMaxUtilPct: number;
  minHours: number;
}

const PROD = new Set(['prod', 'production']);
const HOURS_PER_MONTH = 730n;
const rateOf = (r: GpuResource) => (r.hours.length > 0 ? Number(r.costMicros) / 1e6 / r.hours.length : 0);
const monthly = (micros: bigint, spanHours: number) =>
  scaleMicros(micros, HOURS_PER_MONTH, BigInt(spanHours));
const maxUtil = (r: GpuResource) => r.hours.reduce((m, h) => Math.max(m, h.utilAvg), 0);

/**
 * Idle, non-production-on-costly-types and scale-down recommendations, at most one per resource in
 * that order. `spanHours` is the length of the GPU data's window: savings are scaled to 730 hours.
 * - idle: mean utilization under `idleUtilPct` and no hour above `idleMaxUtilPct` → stop it; saving = its cost.
 * - non-production on a type of `costlyRate` $/h or more → stop it outside working hours; saving = those hours' cost.
 * - under `scaleDownUtilPct` → scale down or share; saving = cost × (1 − mean / `targetUtilPct`).
 */
export function gpuWaste(
  resources: readonly GpuResource[],
  settings: GpuSettings,
  spanHours: number,
): Recommendation[] {
  const out: Recommendation[] = [];
  for (const r of resources) {
    if (r.hours.length < settings.minHours || r.costMicros <= 0n) continue;
    const util = meanUtil(r.hours);
    const peak = maxUtil(r);
    const base = {
      team: r.team,
      feature: null,
      environment: r.environment,
      resource: `${r.resourceId} (${r.instanceType ?? 'unknown type'})`,
    };
    const evidence = {
      hours: r.hours.length,
      mean_gpu_util_pct: Number(util.toFixed(2)),
      max_hourly_gpu_util_pct: Number(peak.toFixed(2)),
      window_cost: (Number(r.costMicros) / 1e6).toFixed(6),
      rate_per_hour: rateOf(r).toFixed(6),
      span_hours: spanHours,
    };
    if (util < settings.idleUtilPct && peak < settings.idleMaxUtilPct) {
      out.push({
        ...base,
        kind: 'gpu-idle',
        evidence,
        monthlySavingMicros: monthly(r.costMicros, spanHours),
        confidence: r.hours.length >= 24 ? 'high' : 'medium',
        action: `Stop ${r.resourceId} or share it: ${r.hours.length} hours at ${util.toFixed(1)}% mean GPU utilization.`,
      });
      continue;
    }
    if (!PROD.has(r.environment.toLowerCase()) && rateOf(r) >= settings.costlyRate) {
      const outside = r.hours.filter(
        (h) => !inWorkingHours(h.day, h.hour, settings.peakStart, settings.peakEnd),
      ).length;
      const cost = (BigInt(outside) * r.costMicros) / BigInt(r.hours.length);
      if (outside > 0) {
        out.push({
          ...base,
          kind: 'gpu-non-production',
          evidence: {
            ...evidence,
            hours_outside_working_hours: outside,
            working_hours_utc: `Mon-Fri ${settings.peakStart}:00-${settings.peakEnd}:00`,
          },
          monthlySavingMicros: monthly(cost, spanHours),
          confidence: 'medium',
          action: `${r.environment} work on ${r.instanceType} ($${rateOf(r).toFixed(2)}/h): stop it outside working hours (${outside} of ${r.hours.length} hours) or move it to a smaller type.`,
        });
        continue;
      }
    }
    if (util < settings.scaleDownUtilPct) {
      const keep = util / settings.targetUtilPct;
      const saving = r.costMicros - BigInt(Math.round(Number(r.costMicros) * keep));
      out.push({
        ...base,
        kind: 'gpu-scale-down',
        evidence: { ...evidence, target_util_pct: settings.targetUtilPct },
        monthlySavingMicros: monthly(saving, spanHours),
        confidence: 'medium',
        action: `Scale ${r.resourceId} down (fewer or smaller instances) or share it: at ${util.toFixed(1)}% mean utilization, ${(keep * 100).toFixed(0)}% of its capacity would run it at ${settings.targetUtilPct}%.`,
      });
    }
  }
  return out;
}
