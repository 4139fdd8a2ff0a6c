import type { Command } from 'commander';

export interface ReportOptions {
  store?: string;
  from: string;
  to: string;
  out: string;
  config?: string;
  engine?: string;
  billingAccount: string;
}

/** `genai-finops report`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'Write the showback report for a window of UTC days: report.html (one self-contained page), chargeback.csv and focus.csv (FOCUS 1.3), every number from the shipped cost queries.',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD (inclusive)')
    .requiredOption('--out <folder>', 'where to write report.html, chargeback.csv and focus.csv')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (attribution.unattributed, pricing.*, athena.*)')
    .option('--billing-account <id>', 'payer account id for focus.csv BillingAccountId', 'unknown')
    .action(async (opts: ReportOptions) => (await import('./report-run')).runReport(opts));
}
