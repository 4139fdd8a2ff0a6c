import type { Command } from 'commander';

export interface GpuOptions {
  fromFile?: string[];
  request?: string;
  resources?: string[];
  printRequest?: boolean;
  store?: string;
  from?: string;
  to?: string;
  json?: boolean;
  config?: string;
}

/** `genai-finops ingest gpu-metrics`. */
export function registerIngestGpu(ingest: Command): void {
  ingest
    .command('gpu-metrics')
    .description(
      'Ingest GPU utilization from CloudWatch (CloudWatch agent NVIDIA metrics on EC2, SageMaker endpoints, EKS Container Insights) into the gpu_hourly table: one row per resource per UTC hour. Calls AWS with the default credential chain, or reads responses saved with `aws cloudwatch get-metric-data`. Rerunning a window replaces its hours.',
    )
    .option(
      '--from-file <files...>',
      'saved `aws cloudwatch get-metric-data` output (one object or an array of pages per file)',
    )
    .option(
      '--request <file>',
      'the --cli-input-json request the saved responses were made with (maps each Id to its metric)',
    )
    .option(
      '--resources <files...>',
      'saved `aws ec2 describe-instances`, `aws sagemaker describe-endpoint` / `describe-endpoint-config`, `aws resourcegroupstaggingapi get-resources` output (instance types, tags)',
    )
    .option(
      '--print-request',
      'print a GetMetricData request (SEARCH expressions, self-describing labels) for the AWS CLI, then exit',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix for the curated tables (default: ingest.store)',
    )
    .option(
      '--from <YYYY-MM-DD>',
      'first UTC day (default: the look-back hours before now, gpu.lookbackHours, as the hourly run reads them: memory only on every gpu.memoryEveryHours-th hour)',
    )
    .option('--to <YYYY-MM-DD>', 'last UTC day, inclusive (default: --from, or today when calling AWS)')
    .option('--json', 'end with one JSON line of counts (series, rows, requests, metrics requested, seconds)')
    .option('--config <file>', 'configuration file (default: ./genai-finops.config.json if present)')
    .addHelpText(
      'after',
      '\nExit status: 0 when every day was written; 1 when a day could not be written or CloudWatch refused (Forbidden); 2 on bad arguments, configuration or input files (nothing is written).\n\nExamples:\n  genai-finops ingest gpu-metrics --print-request --from 2026-03-01 --to 2026-03-07 > request.json\n  aws cloudwatch get-metric-data --cli-input-json file://request.json > metrics.json\n  aws ec2 describe-instances > instances.json\n  genai-finops ingest gpu-metrics --from-file metrics.json --request request.json --resources instances.json --store ./lake',
    )
    .action(async (opts: GpuOptions) => (await import('./ingest-gpu-run')).runIngestGpu(opts));
}
