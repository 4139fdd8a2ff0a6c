import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '../../shared/adapters/open-store';
import { EvaluationsFileError, parseEvaluationsFile } from '../../shared/evaluations/evaluations-file';
import { writeEvaluations } from '../../shared/evaluations/write-evaluations';
import { loadConfig } from './config-file';
import { UsageError } from './errors';

/** `genai-finops ingest evaluations`. */
export function registerIngestEvaluations(ingest: Command): void {
  ingest
    .command('evaluations')
    .description(
      'Load model evaluation scores per feature (feature, model, metric, score, date) from CSV or JSON into evaluations, one partition per day; recommend then weighs cost against quality. Rerunning replaces the days the file holds.',
    )
    .requiredOption(
      '--from-file <file>',
      'CSV with a header feature,model,metric,score,date, or a JSON array of such objects',
    )
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
      let scores: ReturnType<typeof parseEvaluationsFile>;
      try {
        scores = parseEvaluationsFile(text, opts.fromFile);
      } catch (error) {
        throw error instanceof EvaluationsFileError ? new UsageError(error.message) : error;
      }
      const days = await writeEvaluations(openStore(location), scores);
      process.stdout.write(
        `evaluations: ${scores.length} scores for ${days.length} days written to ${location}\n`,
      );
    });
}
