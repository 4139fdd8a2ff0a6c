import { col, type TableDef } from '../table-def';

/** One row per GPU resource (EC2 instance, SageMaker endpoint variant, EKS node) per UTC hour. */
export const gpuHourly: TableDef = {
  name: 'gpu_hourly',
  description:
    'GPU utilization per resource per UTC hour from CloudWatch (CWAgent NVIDIA metrics on EC2, SageMaker endpoint instance metrics, EKS Container Insights), partitioned by the UTC day of hour. An hour without data points has no row.',
  partitionKey: 'dt',
  columns: [
    col('hour', 'timestamp', false, 'Start of the UTC hour the row covers.'),
    col('source', 'string', false, "Where the metrics come from: 'ec2', 'sagemaker' or 'eks'."),
    col(
      'resource_id',
      'string',
      false,
      'EC2 instance id (ec2, eks) or <EndpointName>/<VariantName> (sagemaker).',
    ),
    col('instance_type', 'string', true, 'Instance type (ml.* for SageMaker), null when unknown.'),
    col(
      'gpu_count',
      'bigint',
      false,
      'GPUs that reported in the hour (SageMaker: GPUs of one instance of the type, from the shipped table).',
    ),
    col(
      'gpu_util_avg',
      'double',
      false,
      "Mean over the resource's GPUs of each GPU's hourly average utilization, 0-100.",
    ),
    col(
      'gpu_util_max',
      'double',
      false,
      'Highest utilization of any GPU in the hour: its highest 5-minute average (the Maximum statistic where only hourly data is kept, beyond 62 days); SageMaker: the per-instance value divided by its GPUs; 0-100.',
    ),
    col(
      'gpu_mem_util_avg',
      'double',
      true,
      'Mean GPU memory in use, % of GPU memory, 0-100 (EC2: memory_used / memory_total); null when not reported, or not read yet: memory is read every gpu.memoryEveryHours hours, so a recent hour is filled within gpu.memoryEveryHours hours (never 0 meanwhile).',
    ),
    col('team', 'string', false, "Team from the resource's tags, else the configured unattributed value."),
    col(
      'environment',
      'string',
      false,
      "Environment from the resource's tags, else the configured unattributed value.",
    ),
    col(
      'priority',
      'string',
      false,
      "Priority from the resource's tags, else the configured unattributed value.",
    ),
    col('cluster', 'string', true, 'EKS cluster name (eks rows only).'),
  ],
};
