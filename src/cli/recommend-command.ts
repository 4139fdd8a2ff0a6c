import type { Command } from 'commander';

export interface RecommendOptions {
  store?: string;
  from: string;
  to: string;
  format: string;
  engine?: string;
  config?: string;
}

/** `genai-finops recommend`. */
export function registerRecommend(program: Command): void {
  program
    .command('recommend')
    .description(
      'Recommendations that save money, each with its evidence and an estimated monthly saving: right-size models, quality vs cost, cost per outcome, GPU idle/scale-down/off-peak/non-production, saturated GPU endpoints serving few tokens, prompt caching, commitments.',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD (inclusive)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (recommend.*, pricing.*, attribution.unattributed)')
    .action(async (opts: RecommendOptions) => (await import('./recommend-run')).runRecommend(opts));
}
