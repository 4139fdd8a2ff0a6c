import { readFile } from 'node:fs/promises';
import { openStore } from '../../shared/adapters/open-store';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import type { FileIngest, FileIngestOptions } from './file-ingest';

/** `ingest <name> --from-file FILE`: parses the whole file, then writes its days; a bad file is a UsageError. */
export async function runFileIngest<T>(spec: FileIngest<T>, opts: FileIngestOptions): Promise<void> {
  const location = opts.store ?? loadConfig(opts.config).ingest.store;
  if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
  const text = await readFile(opts.fromFile, 'utf8').catch((error: Error) => {
    throw new UsageError(`--from-file ${opts.fromFile}: ${error.message}`);
  });
  const codec = await spec.load();
  let rows: T[];
  try {
    rows = codec.parse(text, opts.fromFile);
  } catch (error) {
    throw codec.isInputError(error) ? new UsageError((error as Error).message) : error;
  }
  const days = await codec.write(openStore(location), rows);
  process.stdout.write(`${spec.done(rows.length, days.length, location)}\n`);
}
