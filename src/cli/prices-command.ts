import type { Command } from 'commander';

export interface PricesOptions {
  store?: string;
  refresh?: boolean;
  format: string;
  config?: string;
}

/** `genai-finops prices`. */
export function registerPrices(program: Command): void {
  program
    .command('prices')
    .description(
      "Show the price book: the shipped one, or with --store the store's prices table. --refresh reads the Bedrock offers of the AWS Price List (pricing:GetProducts, default credentials) into the store.",
    )
    .option('--store <folder>', 'lake folder whose prices table to show or refresh')
    .option('--refresh', 'read the AWS Price List into the store (needs AWS credentials)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--config <file>', 'configuration file (pricing.refreshRegions)')
    .action(async (opts: PricesOptions) => (await import('./prices-run')).runPrices(opts));
}
