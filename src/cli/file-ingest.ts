import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '../../shared/adapters/open-store';
import type { ObjectStore } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';

/** A small table loaded from a user's file: how to parse it, which error means a bad file, how to write it. */
export interface FileIngest<T> {
  name: string;
  description: string;
  fileHelp: string;
  parse: (text: string, file: string) => T[];
  isInputError: (error: unknown) => boolean;
  write: (store: ObjectStore, rows: readonly T[]) => Promise<string[]>;
  /** The one line printed, e.g. `business_metrics: 12 rows for 3 days written to ./lake`. */
  done: (rows: number, days: number, location: string) => string;
}

/** Registers `ingest <name> --from-file FILE [--store] [--config]`: a bad file exits 2 naming the line. */
export function registerFileIngest<T>(ingest: Command, spec: FileIngest<T>): void {
  ingest
    .command(spec.name)
    .description(spec.description)
    .requiredOption('--from-file <file>', spec.fileHelp)
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
      let rows: T[];
      try {
        rows = spec.parse(text, opts.fromFile);
      } catch (error) {
        throw spec.isInputError(error) ? new UsageError((error as Error).message) : error;
      }
      const days = await spec.write(openStore(location), rows);
      process.stdout.write(`${spec.done(rows.length, days.length, location)}\n`);
    });
}
