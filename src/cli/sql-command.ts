import type { Command } from 'commander';

export interface SqlOptions {
  store?: string;
  format: string;
  engine?: string;
  config?: string;
  allowLocalFiles?: boolean;
}

/** `genai-finops sql`; its engines (DuckDB, Athena) load when it runs (`sql-run`), not for its help. */
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
    .action(async (sql: string, opts: SqlOptions) => (await import('./sql-run')).runSql(sql, opts));
}
