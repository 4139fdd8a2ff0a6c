import { costOfHours, type GpuResource, inWorkingHours, meanUtil } from './gpu-resource';
import type { GpuSettings } from './gpu-waste';
import { scaleMicros } from './micros';
import type { Recommendation } from './recommendation';

/**
 * Batch-priority work in the peak hours that could run off-peak on capacity the fleet pays for
 * anyway. Only when the off-peak hours are quiet (fleet mean under `offPeakMaxUtilPct`) and the
 * idle off-peak GPU-hours of the other resources hold the job's peak-hours GPU work. Saving = the
 * job's peak-hours cost (stopped in the day), scaled to 730 hours.
 */
export function gpuOffPeak(
  resources: readonly GpuResource[],
  settings: GpuSettings,
  spanHours: number,
): Recommendation[] {
  const peak = (day: string, hour: number) => inWorkingHours(day, hour, settings.peakStart, settings.peakEnd);
  const out: Recommendation[] = [];
  for (const r of resources) {
    if (r.priority.toLowerCase() !== 'batch' || r.hours.length < settings.minHours) continue;
    const inPeak = r.hours.filter((h) => peak(h.day, h.hour));
    if (inPeak.length === 0) continue;
    const others = resources.filter((o) => o !== r);
    const offPeakHours = others.flatMap((o) => o.hours.filter((h) => !peak(h.day, h.hour)));
    const offPeakUtil = meanUtil(offPeakHours);
    const peakUtil = meanUtil(others.flatMap((o) => o.hours.filter((h) => peak(h.day, h.hour))));
    if (offPeakHours.length === 0 || offPeakUtil >= settings.offPeakMaxUtilPct) continue;
    const idleGpuHours = offPeakHours.reduce((s, h) => s + h.gpuCount * (1 - h.utilAvg / 100), 0);
    const work = inPeak.reduce((s, h) => s + h.gpuCount * (h.utilAvg / 100), 0);
    if (work > idleGpuHours) continue;
    const saving = scaleMicros(costOfHours(r, inPeak.length), 730n, BigInt(spanHours));
    out.push({
      kind: 'gpu-off-peak',
      team: r.team,
      feature: null,
      environment: r.environment,
      resource: `${r.resourceId} (${r.instanceType ?? 'unknown type'})`,
      evidence: {
        hours: r.hours.length,
        peak_hours: inPeak.length,
        peak_window_utc: `Mon-Fri ${settings.peakStart}:00-${settings.peakEnd}:00`,
        job_gpu_hours_in_peak: Number(work.toFixed(2)),
        fleet_util_peak_pct: Number(peakUtil.toFixed(2)),
        fleet_util_off_peak_pct: Number(offPeakUtil.toFixed(2)),
        idle_gpu_hours_off_peak: Number(idleGpuHours.toFixed(2)),
        window_cost: (Number(r.costMicros) / 1e6).toFixed(6),
        span_hours: spanHours,
      },
      monthlySavingMicros: saving,
      confidence: 'medium',
      action: `Schedule ${r.resourceId}'s batch jobs outside Mon-Fri ${settings.peakStart}:00-${settings.peakEnd}:00 UTC, on the fleet's idle off-peak GPUs (${offPeakUtil.toFixed(0)}% busy then), and stop it in the day.`,
    });
  }
  return out;
}
