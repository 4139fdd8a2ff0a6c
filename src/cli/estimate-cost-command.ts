import type { Command } from 'commander';

export interface EstimateCostOptions {
  invocationsPerDay: string;
  teams: string;
  gpus: string;
  streams: string;
  json?: boolean;
  config?: string;
}

/** `genai-finops estimate-cost`: the pipeline's own monthly AWS bill by line item, list and after free tiers. */
export function registerEstimateCost(program: Command): void {
  program
    .command('estimate-cost')
    .description(
      "Estimate the pipeline's own monthly AWS cost (us-east-1 list prices with their dates) from the requests and bytes its code makes.",
    )
    .requiredOption('--invocations-per-day <n>', 'Bedrock invocations a day across the organisation')
    .option('--teams <n>', 'teams receiving alerts', '10')
    .option('--gpus <n>', 'GPUs whose metrics are read hourly', '0')
    .option('--streams <n>', 'account x Region log streams Bedrock delivers', '20')
    .option('--json', 'print the estimate as JSON (amounts as exact decimal text)')
    .option(
      '--config <file>',
      'price this configuration (tag keys, report.metricsTopN …; default: ./genai-finops.config.json if present)',
    )
    .action(async (o: EstimateCostOptions) => (await import('./estimate-cost-run')).runEstimateCost(o));
}
