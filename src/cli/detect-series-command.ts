import type { Command } from 'commander';

export interface DetectSeriesOptions {
  csv: string;
  timestampCol: string;
  valueCol: string;
}

/** Registers `detect-series`: the production detector over any univariate CSV, as JSON Lines. */
export function registerDetectSeries(program: Command): void {
  program
    .command('detect-series')
    .description(
      'Run the production anomaly detector over a univariate CSV (header row; the interval and seasonality are inferred) and print one JSON line per row: {"timestamp", "score", "anomaly"}. Each verdict uses only that row and earlier ones; anomaly is true where an incident opens or escalates. Unsorted rows are judged in time order and printed in file order; blank values are gaps.',
    )
    .requiredOption('--csv <file>', 'the CSV file to read')
    .option(
      '--timestamp-col <name>',
      'the timestamp column (ISO 8601, YYYY-MM-DD HH:MM:SS or epoch s/ms)',
      'timestamp',
    )
    .option('--value-col <name>', 'the value column', 'value')
    .action(async (options: DetectSeriesOptions, command: Command) =>
      (await import('./detect-series-run')).runDetectSeries(options, command),
    );
}
