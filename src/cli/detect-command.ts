import type { Command } from 'commander';

export interface DetectOptions {
  store?: string;
  at?: string;
  json?: boolean;
  newsHours: string;
  config?: string;
}

/** `genai-finops detect --store … [--at TIME] [--json]`: production detection over a local store (DuckDB loads when it runs). */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description(
      'Run production anomaly detection over the store: usage, error rate and estimated cost per team x feature x environment x model (per hour, and per quarter hour for the hours not yet complete), static thresholds from the config, idle GPUs, billed cost. One alert per incident (printed and written to <store>/_state/alerts/sent.jsonl); incidents in <store>/_state/incidents/.',
    )
    .requiredOption('--store <folder>', 'the curated lake folder')
    .option('--at <time>', 'run as of this time (ISO 8601), default now')
    .option('--news-hours <n>', 'episodes newer than this many hours are alerted', '24')
    .option('--json', 'print the run summary as one JSON line (alerts go to the file only)')
    .option('--config <file>', 'configuration file (static thresholds: anomaly.thresholds)')
    .action(async (opts: DetectOptions) => (await import('./detect-run')).runDetect(opts));
}
