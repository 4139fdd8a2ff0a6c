import type { GpuConfig } from '../config';
import type { MetricIdentity } from '../ports';

/** Where a GPU metric comes from (the `source` column). */
export type GpuSource = 'ec2' | 'sagemaker' | 'eks';

/** What a metric measures: utilization, memory used/total (MiB), or memory use as a percentage. */
export type GpuMeasure = 'util' | 'memUsed' | 'memTotal' | 'memUtil';

/** The statistics read: `Average` for the hourly mean, `Maximum` for the peak. */
export type GpuStat = 'Average' | 'Maximum';

/** One metric the ingest reads. */
export interface GpuMetricSpec {
  source: GpuSource;
  namespace: string;
  metricName: string;
  measure: GpuMeasure;
  stats: readonly GpuStat[];
  /** Dimensions every series must have: they name the resource and (ec2, eks) the GPU. */
  requiredDimensions: readonly string[];
  /**
   * Dimensions of the exact dimension set to SEARCH for (`{Namespace,…}`); undefined where the set
   * varies with the publisher's configuration (the CloudWatch agent), which is then searched by name.
   */
  searchSchema?: readonly string[];
}

/** Node-level Container Insights GPU series: one per GPU device of a node. */
const EKS_NODE_GPU = ['ClusterName', 'GpuDevice', 'InstanceId', 'InstanceType', 'NodeName'];

/** The metrics read for the enabled sources, in a fixed order (requests and output are stable). */
export function gpuMetricSpecs(config: GpuConfig): GpuMetricSpec[] {
  const { namespaces: ns, sources } = config;
  const specs: GpuMetricSpec[] = [];
  if (sources.ec2) {
    const ec2 = { source: 'ec2', namespace: ns.ec2, requiredDimensions: ['InstanceId', 'index'] } as const;
    specs.push(
      { ...ec2, metricName: 'nvidia_smi_utilization_gpu', measure: 'util', stats: ['Average', 'Maximum'] },
      { ...ec2, metricName: 'nvidia_smi_memory_used', measure: 'memUsed', stats: ['Average'] },
      { ...ec2, metricName: 'nvidia_smi_memory_total', measure: 'memTotal', stats: ['Average'] },
    );
  }
  if (sources.sagemaker) {
    const sm = {
      source: 'sagemaker',
      namespace: ns.sagemaker,
      requiredDimensions: ['EndpointName', 'VariantName'],
      searchSchema: ['EndpointName', 'VariantName'],
    } as const;
    specs.push(
      { ...sm, metricName: 'GPUUtilization', measure: 'util', stats: ['Average', 'Maximum'] },
      { ...sm, metricName: 'GPUMemoryUtilization', measure: 'memUtil', stats: ['Average'] },
    );
  }
  if (sources.eks) {
    const eks = {
      source: 'eks',
      namespace: ns.eks,
      requiredDimensions: ['ClusterName', 'InstanceId', 'GpuDevice'],
      searchSchema: EKS_NODE_GPU,
    } as const;
    specs.push(
      { ...eks, metricName: 'node_gpu_utilization', measure: 'util', stats: ['Average', 'Maximum'] },
      { ...eks, metricName: 'node_gpu_memory_utilization', measure: 'memUtil', stats: ['Average'] },
    );
  }
  return specs;
}

/** Memory measures (used, total, utilization): read only on memory runs (`GpuRunPlan.readMemory`). */
export const isMemoryMeasure = (measure: GpuMeasure): boolean => measure !== 'util';

/** The specs a run requests: every enabled metric, or utilization alone when it does not read memory. */
export function runMetricSpecs(config: GpuConfig, readMemory: boolean): GpuMetricSpec[] {
  return gpuMetricSpecs(config).filter((s) => readMemory || !isMemoryMeasure(s.measure));
}

/** A series placed: which resource and GPU it belongs to, and what it measures. */
export interface PlacedMetric {
  spec: GpuMetricSpec;
  resourceId: string;
  /** The GPU on the resource (`index`, `GpuDevice`); '' for SageMaker (one series per instance). */
  device: string;
  instanceType?: string;
  cluster?: string;
}

/** Places a metric, or says why it is not one of ours (another metric, a roll-up without per-GPU dimensions). */
export function placeMetric(
  metric: MetricIdentity,
  specs: readonly GpuMetricSpec[],
): PlacedMetric | { skip: string } {
  const spec = specs.find((s) => s.namespace === metric.namespace && s.metricName === metric.metricName);
  if (!spec) return { skip: 'not a GPU metric this ingest reads' };
  const d = metric.dimensions;
  const missing = spec.requiredDimensions.filter((k) => !d[k]);
  if (missing.length > 0) return { skip: `roll-up without ${missing.join(', ')}` };
  const type = d.InstanceType || undefined;
  switch (spec.source) {
    case 'ec2':
      return { spec, resourceId: d.InstanceId as string, device: d.index as string, instanceType: type };
    case 'sagemaker':
      return { spec, resourceId: `${d.EndpointName}/${d.VariantName}`, device: '' };
    case 'eks':
      return {
        spec,
        resourceId: d.InstanceId as string,
        device: d.GpuDevice as string,
        instanceType: type,
        cluster: d.ClusterName,
      };
  }
}
