import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '../../shared/adapters/open-store';
import { BusinessMetricsError, parseBusinessMetricsCsv } from '../../shared/business/metrics-csv';
import { writeBusinessMetrics } from '../../shared/business/write-metrics';
import { loadConfig } from './config-file';
import { UsageError } from './errors';

/** `genai-finops ingest business-metrics`. */
export function registerIngestBusiness(ingest: Command): void {
  ingest
    .command('business-metrics')
    .description(
      'Load business outcomes (date, team, feature, metric_name, value — e.g. tickets resolved) from CSV into business_metrics, one partition per day; unit-costs then gives cost per outcome. Rerunning replaces the days the file holds.',
    )
    .requiredOption('--from-file <file>', 'CSV with a header: date,team,feature,metric_name,value')
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix for the curated tables (default: ingest.store)',
    )
    .option('--config <file>', 'configuration file')
    .action(async (opts: { fromFile: string; store?: string; config?: string }) => {
      const location = opts.store ?? loadConfig(opts.config).ingest.store;
      if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
      const text = await readFile(opts.fromFile, 'utf8').catch((error: Error) => {
        throw new UsageError(`--from-file ${opts.fromFile}: ${error.message}`);
      });
      let metrics: ReturnType<typeof parseBusinessMetricsCsv>;
      try {
        metrics = parseBusinessMetricsCsv(text, opts.fromFile);
      } catch (error) {
        throw error instanceof BusinessMetricsError ? new UsageError(error.message) : error;
      }
      const days = await writeBusinessMetrics(openStore(location), metrics);
      process.stdout.write(
        `business_metrics: ${metrics.length} rows for ${days.length} days written to ${location}\n`,
      );
    });
}
