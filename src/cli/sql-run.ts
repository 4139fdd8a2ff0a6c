import type { FileAccess } from '../../shared/adapters/local/duckdb-sandbox';
import { QueryRejectedError } from '../../shared/adapters/query-errors';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { toCsv, toJson, toTable } from './format';
import { openEngine } from './open-engine';
import type { SqlOptions } from './sql-command';

const FORMATS = ['table', 'json', 'csv'] as const;

/** What `genai-finops sql <sql>` does: one read-only query, printed as a table, JSON or CSV. */
export async function runSql(sql: string, opts: SqlOptions): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${opts.format}'`);
  }
  const storeLocation = opts.store ?? loadConfig(opts.config).ingest.store;
  if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
  const engineName = opts.engine ?? (storeLocation.startsWith('s3://') ? 'athena' : 'duckdb');
  if (engineName !== 'duckdb' && engineName !== 'athena') {
    throw new UsageError(`--engine must be duckdb or athena, got '${engineName}'`);
  }
  if (opts.allowLocalFiles && engineName !== 'duckdb') {
    throw new UsageError('--allow-local-files applies to --engine duckdb only');
  }
  const access: FileAccess = opts.allowLocalFiles ? 'local-files' : 'lake';
  const engine = await openEngine(storeLocation, engineName, opts.config, access);
  try {
    const result = await engine.query(sql).catch((error: unknown) => {
      // Two statements or a COPY is a mistake in how the command was called, not a failure.
      throw error instanceof QueryRejectedError ? new UsageError(error.message) : error;
    });
    const text =
      opts.format === 'json' ? toJson(result) : opts.format === 'csv' ? toCsv(result) : toTable(result);
    process.stdout.write(text);
  } finally {
    await engine.close();
  }
}
