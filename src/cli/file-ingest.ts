import type { Command } from 'commander';
import type { ObjectStore } from '../../shared/ports';

/** How a small table is read from a user's file and written: loaded when the command runs. */
export interface FileIngestCodec<T> {
  parse: (text: string, file: string) => T[];
  isInputError: (error: unknown) => boolean;
  write: (store: ObjectStore, rows: readonly T[]) => Promise<string[]>;
}

/** A small table loaded from a user's file: its command's help, and how to load its codec. */
export interface FileIngest<T> {
  name: string;
  description: string;
  fileHelp: string;
  /** The parser and writer, imported only when the command runs (they load hyparquet). */
  load: () => Promise<FileIngestCodec<T>>;
  /** The one line printed, e.g. `business_metrics: 12 rows for 3 days written to ./lake`. */
  done: (rows: number, days: number, location: string) => string;
}

/** The options of `ingest <name>` for a file table. */
export interface FileIngestOptions {
  fromFile: string;
  store?: string;
  config?: string;
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
    .action(async (opts: FileIngestOptions) => (await import('./file-ingest-run')).runFileIngest(spec, opts));
}
