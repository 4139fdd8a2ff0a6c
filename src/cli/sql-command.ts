import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { Command } from 'commander';
import { AthenaEngine } from '../../shared/adapters/aws/athena-engine';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import type { FileAccess } from '../../shared/adapters/local/duckdb-sandbox';
import { mirrorTables } from '../../shared/adapters/local/mirror';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { QueryRejectedError } from '../../shared/adapters/query-errors';
import { curatedTables } from '../../shared/lake/tables';
import type { QueryEngine } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { toCsv, toJson, toTable } from './format';

interface SqlOptions {
  store?: string;
  format: string;
  engine?: string;
  config?: string;
  allowLocalFiles?: boolean;
}

const FORMATS = ['table', 'json', 'csv'] as const;

/** A local store must be an existing folder: a typo would otherwise answer with zero rows. */
async function assertLocalStore(location: string, path: string): Promise<void> {
  const info = await stat(path).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new UsageError(`--store ${location}: cannot read it (${(error as Error).message})`);
  });
  if (!info) {
    throw new UsageError(
      `--store ${location}: no such folder (give the folder \`ingest\` wrote to, or an s3:// location)`,
    );
  }
  if (!info.isDirectory()) throw new UsageError(`--store ${location} is not a folder`);
}

/** The engine for a store: DuckDB over a local folder (or a local mirror of an s3:// store), or Athena. */
export async function openEngine(
  storeLocation: string,
  engine: string,
  configPath: string | undefined,
  access: FileAccess,
): Promise<QueryEngine> {
  const where = parseLocation(storeLocation);
  if (where.kind === 'local') {
    if (engine === 'athena') throw new UsageError('--engine athena needs an s3:// store');
    await assertLocalStore(storeLocation, where.path);
    return DuckDbEngine.open(where.path, { access });
  }
  if (engine === 'athena') {
    const { athena } = loadConfig(configPath);
    process.stderr.write(
      `querying Athena: database ${athena.database}, workgroup ${athena.workgroup} (the tables the stack registered; ${storeLocation} is not read directly)\n`,
    );
    return new AthenaEngine({
      client: new AthenaClient({}),
      workgroup: athena.workgroup,
      database: athena.database,
      catalog: athena.catalog,
    });
  }
  // DuckDB on an S3 store: mirror the (small) curated tables locally, then query them for free.
  const cache = join(
    homedir(),
    '.cache',
    'genai-finops',
    createHash('sha1').update(storeLocation).digest('hex').slice(0, 16),
  );
  const stats = await mirrorTables(openStore(storeLocation), cache, curatedTables);
  process.stderr.write(
    `mirrored ${stats.objects} objects (${stats.downloaded} downloaded) from ${storeLocation} to ${cache}\n`,
  );
  return DuckDbEngine.open(cache, { access });
}

/** `genai-finops sql`. */
export function registerSql(program: Command): void {
  program
    .command('sql')
    .description(
      'Run one read-only SQL query over the curated tables by name (bedrock_invocations, …): DuckDB over a local store (sandboxed to it); for an s3:// store, Athena or DuckDB over a local mirror.',
    )
    .argument('<sql>', 'the query, in the portable Trino/DuckDB subset')
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .option('--format <format>', 'table, json (one array of row objects) or csv', 'table')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (athena.workgroup, athena.database)')
    .option(
      '--allow-local-files',
      'DuckDB only: let the SQL read local files outside the store too (read_csv of your own files); still no network, extensions or writes',
    )
    .addHelpText(
      'after',
      `\nExample:\n  genai-finops sql --store ./lake --format json "SELECT team, CAST(SUM(input_tokens) AS BIGINT) AS input_tokens FROM bedrock_invocations GROUP BY team"`,
    )
    .action(async (sql: string, opts: SqlOptions) => {
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
    });
}
