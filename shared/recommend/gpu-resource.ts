/** One reported hour of a GPU resource: UTC day and hour, utilization and GPUs. */
export interface GpuHour {
  day: string;
  hour: number;
  utilAvg: number;
  gpuCount: number;
}

/** A GPU resource over the window: who owns it, what it cost (exact micros) and its hours. */
export interface GpuResource {
  resourceId: string;
  source: string;
  instanceType: string | null;
  team: string;
  environment: string;
  priority: string;
  costMicros: bigint;
  hours: GpuHour[];
}

/** Monday 0:00 UTC = 0 … Sunday 23:00 = 167. */
export function hourOfWeek(day: string, hour: number): number {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return dow * 24 + hour;
}

export const meanUtil = (hours: readonly GpuHour[]): number =>
  hours.length === 0 ? 0 : hours.reduce((s, h) => s + h.utilAvg, 0) / hours.length;

/** `r.costMicros` for `part` of its hours (exact share, rounded half up). */
export function costOfHours(r: GpuResource, part: number): bigint {
  if (r.hours.length === 0) return 0n;
  const n = r.costMicros * BigInt(part) * 2n;
  const d = BigInt(r.hours.length) * 2n;
  return (n + d / 2n) / d;
}

/** Whether an hour is in the UTC working window: Monday to Friday, `[start, end)`. */
export function inWorkingHours(day: string, hour: number, start: number, end: number): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow >= 1 && dow <= 5 && hour >= start && hour < end;
}

/** Mean fleet utilization per UTC hour of week (168 cells; `null` where no resource reported). */
export function utilizationHeatmap(resources: readonly GpuResource[]): (number | null)[] {
  const sum = new Array<number>(168).fill(0);
  const count = new Array<number>(168).fill(0);
  for (const r of resources)
    for (const h of r.hours) {
      const i = hourOfWeek(h.day, h.hour);
      sum[i] = (sum[i] as number) + h.utilAvg;
      count[i] = (count[i] as number) + 1;
    }
  return sum.map((s, i) => ((count[i] as number) > 0 ? Number((s / (count[i] as number)).toFixed(2)) : null));
}
