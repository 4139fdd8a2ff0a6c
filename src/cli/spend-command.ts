import type { Command } from 'commander';

export interface SpendOptions {
  team: string;
  since: string;
  store?: string;
  format: string;
  config?: string;
  engine?: string;
}

/** `genai-finops spend --team T`: what the team spent, on which models and features, against the period before. */
export function registerSpend(program: Command): void {
  program
    .command('spend')
    .description(
      'What a team spent, on which models and features, and how it compares with the period before (the shipped allocation query; DuckDB locally, Athena for s3:// stores).',
    )
    .requiredOption('--team <team>', 'the team, as tagged in requestMetadata')
    .option('--since <span>', 'how far back: 24h or 7d (whole UTC days, ending today)', '7d')
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .option('--format <format>', 'table or json', 'table')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file')
    .action(async (opts: SpendOptions) => (await import('./spend-run')).runSpend(opts));
}
