/**
 * GPUs per instance of each GPU instance type, with where each number comes from. SageMaker
 * reports `GPUUtilization` as the sum over an instance's GPUs (0-100 x GPUs), so its values are
 * divided by these counts; `ml.<type>` uses the row of `<type>` (same hardware). Extend or correct
 * it with `gpu.instanceGpus` in the configuration.
 */

/** One row of the table. */
export interface InstanceGpuRow {
  instanceType: string;
  gpus: number;
  gpuModel: string;
  source: string;
}

const EC2_SPECS = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html';
const REFERENCE =
  'SageMaker developer guide, monitoring-cloudwatch (GPUUtilization is 0-100 x GPUs; ml.g5.12xlarge = 4 A10G, ml.p4d.24xlarge = 8 A100)';

/** The shipped table (EC2 names; SageMaker `ml.` names resolve to them). */
export const INSTANCE_GPUS: readonly InstanceGpuRow[] = [
  { instanceType: 'p3.2xlarge', gpus: 1, gpuModel: 'NVIDIA V100', source: EC2_SPECS },
  { instanceType: 'p3.8xlarge', gpus: 4, gpuModel: 'NVIDIA V100', source: EC2_SPECS },
  { instanceType: 'p3.16xlarge', gpus: 8, gpuModel: 'NVIDIA V100', source: EC2_SPECS },
  { instanceType: 'p3dn.24xlarge', gpus: 8, gpuModel: 'NVIDIA V100', source: EC2_SPECS },
  { instanceType: 'p4d.24xlarge', gpus: 8, gpuModel: 'NVIDIA A100', source: `${EC2_SPECS}; ${REFERENCE}` },
  { instanceType: 'p4de.24xlarge', gpus: 8, gpuModel: 'NVIDIA A100 80GB', source: EC2_SPECS },
  { instanceType: 'p5.48xlarge', gpus: 8, gpuModel: 'NVIDIA H100', source: EC2_SPECS },
  { instanceType: 'p5e.48xlarge', gpus: 8, gpuModel: 'NVIDIA H200', source: EC2_SPECS },
  { instanceType: 'p5en.48xlarge', gpus: 8, gpuModel: 'NVIDIA H200', source: EC2_SPECS },
  { instanceType: 'g4dn.xlarge', gpus: 1, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g4dn.2xlarge', gpus: 1, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g4dn.4xlarge', gpus: 1, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g4dn.8xlarge', gpus: 1, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g4dn.16xlarge', gpus: 1, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g4dn.12xlarge', gpus: 4, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g4dn.metal', gpus: 8, gpuModel: 'NVIDIA T4', source: EC2_SPECS },
  { instanceType: 'g5.xlarge', gpus: 1, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g5.2xlarge', gpus: 1, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g5.4xlarge', gpus: 1, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g5.8xlarge', gpus: 1, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g5.16xlarge', gpus: 1, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g5.12xlarge', gpus: 4, gpuModel: 'NVIDIA A10G', source: `${EC2_SPECS}; ${REFERENCE}` },
  { instanceType: 'g5.24xlarge', gpus: 4, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g5.48xlarge', gpus: 8, gpuModel: 'NVIDIA A10G', source: EC2_SPECS },
  { instanceType: 'g6.xlarge', gpus: 1, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.2xlarge', gpus: 1, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.4xlarge', gpus: 1, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.8xlarge', gpus: 1, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.16xlarge', gpus: 1, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.12xlarge', gpus: 4, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.24xlarge', gpus: 4, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6.48xlarge', gpus: 8, gpuModel: 'NVIDIA L4', source: EC2_SPECS },
  { instanceType: 'g6e.xlarge', gpus: 1, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.2xlarge', gpus: 1, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.4xlarge', gpus: 1, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.8xlarge', gpus: 1, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.16xlarge', gpus: 1, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.12xlarge', gpus: 4, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.24xlarge', gpus: 4, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g6e.48xlarge', gpus: 8, gpuModel: 'NVIDIA L40S', source: EC2_SPECS },
  { instanceType: 'g5g.xlarge', gpus: 1, gpuModel: 'NVIDIA T4G', source: EC2_SPECS },
  { instanceType: 'g5g.2xlarge', gpus: 1, gpuModel: 'NVIDIA T4G', source: EC2_SPECS },
  { instanceType: 'g5g.4xlarge', gpus: 1, gpuModel: 'NVIDIA T4G', source: EC2_SPECS },
  { instanceType: 'g5g.8xlarge', gpus: 1, gpuModel: 'NVIDIA T4G', source: EC2_SPECS },
  { instanceType: 'g5g.16xlarge', gpus: 1, gpuModel: 'NVIDIA T4G', source: EC2_SPECS },
  { instanceType: 'g5g.metal', gpus: 2, gpuModel: 'NVIDIA T4G', source: EC2_SPECS },
];

const BY_TYPE = new Map(INSTANCE_GPUS.map((r) => [r.instanceType, r]));

/**
 * GPUs per instance of `instanceType` (`p4d.24xlarge` or `ml.p4d.24xlarge`), from `overrides`
 * first, then the shipped table; undefined when neither knows the type.
 */
export function gpusPerInstance(
  instanceType: string,
  overrides: Readonly<Record<string, number>> = {},
): number | undefined {
  const base = instanceType.startsWith('ml.') ? instanceType.slice(3) : instanceType;
  return overrides[instanceType] ?? overrides[base] ?? BY_TYPE.get(base)?.gpus;
}
