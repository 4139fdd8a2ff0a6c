import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { Command } from 'commander';
import { AthenaEngine } from '../../shared/adapters/aws/athena-engine';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { mirrorTables } from '../../shared/adapters/local/mirror';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
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
}

const FORMATS = ['table', 'json', 'csv'] as const;

async function openEngine(
  storeLocation: string,
  engine: string,
  configPath: string | undefined,
): Promise<QueryEngine> {
  const where = parseLocation(storeLocation);
  if (where.kind === 'local') {
    if (engine === 'athena') throw new UsageError('--engine athena needs an s3:// store');
    return DuckDbEngine.open(where.path);
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
  return DuckDbEngine.open(cache);
}

/** `genai-finops sql`. */
export function registerSql(program: Command): void {
  program
    .command('sql')
    .description(
      'Run SQL over the curated tables by name (bedrock_invocations, …): DuckDB over a local store; for an s3:// store, Athena or DuckDB over a local mirror.',
    )
    .argument('<sql>', 'the query, in the portable Trino/DuckDB subset')
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .option('--format <format>', 'table, json (one array of row objects) or csv', 'table')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (athena.workgroup, athena.database)')
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
      const engine = await openEngine(storeLocation, engineName, opts.config);
      try {
        const result = await engine.query(sql);
        const text =
          opts.format === 'json' ? toJson(result) : opts.format === 'csv' ? toCsv(result) : toTable(result);
        process.stdout.write(text);
      } finally {
        await engine.close();
      }
    });
}
