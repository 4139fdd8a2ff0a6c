import type { Command } from 'commander';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FileNotifier } from '../../shared/adapters/local/file-notifier';
import { runDetection } from '../../shared/anomaly/run-detection';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { loadConfig } from './config-file';
import { localStore, sentMessagesFile } from './local-store';
import { parseTime } from './parse-time';

interface DetectOptions {
  store?: string;
  at?: string;
  json?: boolean;
  newsHours: string;
  config?: string;
}

/** `genai-finops detect --store … [--at TIME] [--json]`: production detection over a local store. */
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
    .action(async (opts: DetectOptions) => {
      const config = loadConfig(opts.config);
      const { path, store } = localStore(opts.store);
      const at = opts.at ? parseTime(opts.at, '--at') : systemClock.now();
      const print = opts.json ? () => {} : (text: string) => process.stdout.write(`${text}\n`);
      const engine = await DuckDbEngine.open(path);
      try {
        const summary = await runDetection(
          {
            store,
            engine,
            notifier: new FileNotifier(sentMessagesFile(path), print),
            clock: systemClock,
            priceBook: shippedPriceBook(),
          },
          { at, newsHours: Number(opts.newsHours) || 24, thresholds: config.anomaly.thresholds },
        );
        if (opts.json) {
          const { alerts, ...rest } = summary;
          process.stdout.write(`${JSON.stringify({ ...rest, alertIds: alerts.map((a) => a.incidentId) })}\n`);
        } else {
          process.stdout.write(
            `detect: ${summary.series.usage} usage series, ${summary.episodes} episodes; ${summary.opened} opened, ${summary.escalated} escalated, ${summary.closed} closed; ${summary.notified} alerts sent (${summary.suppressed.snoozed} snoozed); ${summary.queries} queries read ${summary.bytesScanned} bytes\n`,
          );
        }
      } finally {
        await engine.close();
      }
    });
}
