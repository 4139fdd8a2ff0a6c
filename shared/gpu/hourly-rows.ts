import type { AppConfig } from '../config';
import type { LakeRow } from '../lake/parquet';
import { HOUR_MS } from '../lake/utc';
import type { ResourceCatalog } from '../ports';
import { gpusPerInstance } from './instance-gpus';
import type { GpuMeasure, GpuSource, PlacedMetric } from './metric-catalog';
import { attributeTags } from './resource-attribution';
import type { MetricSeries } from './series';

/** A placed series, ready to aggregate. */
export interface PlacedSeries {
  placed: PlacedMetric;
  series: MetricSeries;
}

/** Hourly mean and maximum of one GPU's measure. */
interface HourStats {
  sum: number;
  n: number;
  max: number;
}

interface Resource {
  source: GpuSource;
  resourceId: string;
  instanceType?: string;
  cluster?: string;
  /** device → `measure/stat` → hour → stats. */
  devices: Map<string, Map<string, Map<number, HourStats>>>;
}

/** What aggregation made, and what it could not place. */
export interface HourlyRows {
  rows: LakeRow[];
  /** Resources left out, with why (a SageMaker variant whose instance type, hence GPU count, is unknown). */
  unresolved: { source: GpuSource; resourceId: string; reason: string }[];
  /** Values above 100 % (after normalization) that were capped at 100. */
  valuesCapped: number;
}

function add(map: Map<number, HourStats>, t: number, v: number): void {
  const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
  const s = map.get(hour);
  if (s) {
    s.sum += v;
    s.n++;
    s.max = Math.max(s.max, v);
  } else map.set(hour, { sum: v, n: 1, max: v });
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * One row per resource per UTC hour in [start, end): `gpu_util_avg` is the mean over the GPUs
 * that reported of each GPU's hourly average, `gpu_util_max` the highest Maximum, or where no
 * Maximum was read the highest `Average` point of the hour (the peak 5-minute mean when read at 5
 * minutes, see `gpuQueryPlan`; the hour's average at hourly points), `gpu_count` the GPUs that reported. An hour in which no GPU
 * reported an average has no row; a GPU reporting 0 counts as 0. SageMaker reports one series per
 * variant summed over an instance's GPUs: its values are divided by the type's GPU count.
 */
export function hourlyRows(
  placed: readonly PlacedSeries[],
  catalog: ResourceCatalog,
  config: AppConfig,
  window: { start: number; end: number },
): HourlyRows {
  const resources = new Map<string, Resource>();
  for (const { placed: p, series } of placed) {
    const key = `${p.spec.source}\u0000${p.resourceId}`;
    let r = resources.get(key);
    if (!r) {
      r = { source: p.spec.source, resourceId: p.resourceId, devices: new Map() };
      resources.set(key, r);
    }
    r.instanceType ??= p.instanceType;
    r.cluster ??= p.cluster;
    let device = r.devices.get(p.device);
    if (!device) {
      device = new Map();
      r.devices.set(p.device, device);
    }
    const mkey = `${p.spec.measure}/${series.stat}`;
    let hours = device.get(mkey);
    if (!hours) {
      hours = new Map();
      device.set(mkey, hours);
    }
    series.timestamps.forEach((t, i) => {
      if (t >= window.start && t < window.end) add(hours, t, series.values[i] as number);
    });
  }

  const out: HourlyRows = { rows: [], unresolved: [], valuesCapped: 0 };
  const cap = (v: number): number => {
    if (v <= 100) return v;
    out.valuesCapped++;
    return 100;
  };
  const keys = [...resources.keys()].sort();
  for (const key of keys) {
    const r = resources.get(key) as Resource;
    const facts =
      r.source === 'sagemaker'
        ? catalog.variants.get(lowerEndpoint(r.resourceId))
        : catalog.instances.get(r.resourceId);
    const endpointTags =
      r.source === 'sagemaker'
        ? catalog.endpoints.get(r.resourceId.split('/')[0]?.toLowerCase() ?? '')?.tags
        : {};
    const instanceType = r.instanceType ?? facts?.instanceType;
    const tags = r.source === 'sagemaker' ? (endpointTags ?? {}) : (facts?.tags ?? {});
    const who = attributeTags(tags, config.gpu.tagKeys, config.attribution.unattributed);
    let divisor = 1;
    if (r.source === 'sagemaker') {
      const gpus = instanceType ? gpusPerInstance(instanceType, config.gpu.instanceGpus) : undefined;
      if (gpus === undefined) {
        out.unresolved.push({
          source: r.source,
          resourceId: r.resourceId,
          reason: instanceType
            ? `GPUs per ${instanceType} unknown (set gpu.instanceGpus)`
            : 'instance type unknown (describe-endpoint / describe-endpoint-config)',
        });
        continue;
      }
      divisor = gpus;
    }
    const get = (d: Map<string, Map<number, HourStats>>, m: GpuMeasure, stat: string) =>
      d.get(`${m}/${stat}`);
    const hours = new Set<number>();
    for (const d of r.devices.values()) for (const h of get(d, 'util', 'Average')?.keys() ?? []) hours.add(h);
    for (const hour of [...hours].sort((a, b) => a - b)) {
      const avgs: number[] = [];
      const maxes: number[] = [];
      const mems: number[] = [];
      for (const d of r.devices.values()) {
        const avg = get(d, 'util', 'Average')?.get(hour);
        if (!avg) continue;
        avgs.push(avg.sum / avg.n / divisor);
        const max = get(d, 'util', 'Maximum')?.get(hour);
        maxes.push((max ? max.max : avg.max) / divisor);
        const used = get(d, 'memUsed', 'Average')?.get(hour);
        const total = get(d, 'memTotal', 'Average')?.get(hour);
        const util = get(d, 'memUtil', 'Average')?.get(hour);
        if (used && total && total.sum > 0) mems.push((100 * (used.sum / used.n)) / (total.sum / total.n));
        else if (util) mems.push(util.sum / util.n / divisor);
      }
      out.rows.push({
        hour,
        source: r.source,
        resource_id: r.resourceId,
        instance_type: instanceType ?? null,
        gpu_count: r.source === 'sagemaker' ? divisor : avgs.length,
        gpu_util_avg: cap(mean(avgs)),
        gpu_util_max: cap(Math.max(...maxes)),
        gpu_mem_util_avg: mems.length > 0 ? cap(mean(mems)) : null,
        team: who.team,
        environment: who.environment,
        priority: who.priority,
        cluster: r.cluster ?? null,
      });
    }
  }
  return out;
}

/** `<EndpointName>/<VariantName>` with the endpoint name lower-cased, as the catalog keys it. */
function lowerEndpoint(resourceId: string): string {
  const slash = resourceId.indexOf('/');
  return `${resourceId.slice(0, slash).toLowerCase()}${resourceId.slice(slash)}`;
}
