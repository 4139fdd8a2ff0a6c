import type { Command } from 'commander';

export interface CostOptions {
  fromFile?: string[];
  store?: string;
  from?: string;
  to?: string;
  json?: boolean;
  config?: string;
}

/** `genai-finops ingest cost-explorer`, registered on the `ingest` command. */
export function registerIngestCost(ingest: Command): void {
  ingest
    .command('cost-explorer')
    .description(
      'Ingest billed cost from AWS Cost Explorer (GetCostAndUsage, DAILY: UnblendedCost, AmortizedCost, UsageQuantity) for Amazon Bedrock, its Marketplace "(Amazon Bedrock Edition)" services, SageMaker and EC2 GPU instances into the cost_daily table, one partition per day, amounts as exact decimals. Without --from-file it calls AWS (default credential chain, about 7 requests at $0.01 each); rerunning a window replaces its days.',
    )
    .option(
      '--from-file <files...>',
      'saved responses instead of AWS: aws ce get-cost-and-usage JSON (an object, an array of pages, boto3 output) or the console CSV download',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix for the curated tables (default: ingest.store)',
    )
    .option(
      '--from <YYYY-MM-DD>',
      'first UTC day (default: the configured look-back; with files: every day in them)',
    )
    .option('--to <YYYY-MM-DD>', 'last UTC day, inclusive (default: today)')
    .option('--json', 'end with one JSON line of counts (requests made, rows, partitions, total)')
    .option('--config <file>', 'configuration file (default: ./genai-finops.config.json if present)')
    .addHelpText(
      'after',
      '\nExit status: 0 when every day was written; 1 when a request or a day failed; 2 on bad arguments, configuration or input files (nothing is written then).\n\nExamples:\n  aws ce get-cost-and-usage --time-period Start=2026-03-01,End=2026-04-01 --granularity DAILY \\\n    --metrics UnblendedCost AmortizedCost UsageQuantity \\\n    --group-by Type=DIMENSION,Key=SERVICE Type=DIMENSION,Key=USAGE_TYPE > base.json\n  genai-finops ingest cost-explorer --from-file base.json team.json --store ./lake',
    )
    .action(async (opts: CostOptions) => (await import('./ingest-cost-run')).runIngestCost(opts));
}
