import type { Command } from 'commander';
import { costQueryNames } from '../../shared/sql/finops/cost-queries';

export interface QueryOptions {
  store?: string;
  from?: string;
  to?: string;
  format: string;
  config?: string;
  engine?: string;
  reprice?: string | boolean;
  metric?: string;
}

/** `genai-finops query <name>`. */
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description(
      `Run a shipped cost query over the curated tables for a window of UTC days (both inclusive): ${Object.keys(costQueryNames).join(', ')}. Money is exact; "estimated" marks amounts that are not the bill yet.`,
    )
    .argument('<name>', Object.keys(costQueryNames).join(' | '))
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD (inclusive)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (attribution.unattributed, pricing.*, athena.*)')
    .option(
      '--reprice [day]',
      'price every day at the prices in effect on <day> (default today) instead of each day its own',
    )
    .option('--metric <name>', 'unit-costs: the business_metrics metric to divide by')
    .action(async (name: string, opts: QueryOptions) => (await import('./query-run')).runQuery(name, opts));
}
