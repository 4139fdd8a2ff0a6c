import { COMMITMENT_SOURCE, COMMITTED_RATES } from './commitment-rates';
import type { GpuResource } from './gpu-resource';
import { hourMicros } from './micros';
import type { PriceIndex } from './price-index';
import type { Recommendation } from './recommendation';

/**
 * Commitments: per instance type, the steady base = the fewest instances of it reporting in any hour
 * of the span (an hour with none counts as 0). Saving = base × 730 h × (on-demand − committed rate),
 * an estimate at the public rate. `exclude` holds resources already told to stop (not to commit).
 */
export function commitments(
  resources: readonly GpuResource[],
  prices: PriceIndex,
  spanHourKeys: readonly string[],
  exclude: ReadonlySet<string>,
): Recommendation[] {
  const byType = new Map<string, GpuResource[]>();
  for (const r of resources) {
    if (!r.instanceType || exclude.has(r.resourceId)) continue;
    byType.set(r.instanceType, [...(byType.get(r.instanceType) ?? []), r]);
  }
  const out: Recommendation[] = [];
  for (const [type, group] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const committed = COMMITTED_RATES[type];
    const onDemand = prices.instance(type);
    if (!committed || !onDemand || spanHourKeys.length === 0) continue;
    const counts = new Map<string, number>(spanHourKeys.map((k) => [k, 0]));
    for (const r of group)
      for (const h of r.hours) {
        const key = `${h.day} ${h.hour}`;
        if (counts.has(key)) counts.set(key, (counts.get(key) as number) + 1);
      }
    const base = Math.min(...counts.values());
    if (base <= 0) continue;
    const saving = hourMicros(base * 730, onDemand) - hourMicros(base * 730, committed);
    if (saving <= 0n) continue;
    const discountPct = (1 - Number(committed) / Number(onDemand)) * 100;
    const teams = [...new Set(group.map((r) => r.team))].sort();
    out.push({
      kind: 'commitment',
      team: teams.join(','),
      feature: null,
      environment: [...new Set(group.map((r) => r.environment))].sort().join(','),
      resource: type,
      evidence: {
        steady_base_instances: base,
        span_hours: spanHourKeys.length,
        on_demand_rate: onDemand,
        committed_rate: committed,
        discount_pct: Number(discountPct.toFixed(2)),
        hours_per_month: 730,
        source: COMMITMENT_SOURCE,
      },
      monthlySavingMicros: saving,
      confidence: spanHourKeys.length >= 24 * 14 ? 'medium' : 'low',
      action: `Cover ${base} ${type} instance${base === 1 ? '' : 's'} running every hour with a Compute Savings Plan or reserved capacity (estimate at the public ${discountPct.toFixed(1)}% discount; confirm with Cost Explorer's Savings Plans recommendations).`,
    });
  }
  return out;
}
