import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { curatedTables, type TableDef } from '../../lake/tables';
import type { QueryColumn, QueryEngine, QueryResult, SqlValue } from '../../ports/query-engine';
import { QueryError, QueryFailedError } from '../query-errors';
import { athenaTypeName, createMacroSql, dialectMacros, sessionSettings } from './duckdb-dialect';
import { type FileAccess, prepareReadOnly, sandboxSettings } from './duckdb-sandbox';
import { toSqlValue } from './duckdb-values';
import { bindView, listParquetFiles, type TableFiles } from './duckdb-views';

/**
 * The local query engine: an in-memory DuckDB with one view per curated table over the
 * Hive-partitioned Parquet files under `storeDir` (`<table>/dt=YYYY-MM-DD/*.parquet`), typed
 * as the contract says (see `duckdb-views.ts`), and
 * macros that let the product's Trino SQL run unchanged (see `duckdb-dialect.ts`).
 * Queries run one at a time, in call order.
 */
export class DuckDbEngine implements QueryEngine {
  /** The file listing each view was last bound to. */
  private readonly bound = new Map<string, string>();
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly storeDir: string,
    private readonly tables: readonly TableDef[],
    private readonly tempDir: string,
  ) {}

  /**
   * Opens an in-memory DuckDB over the lake folder `storeDir` (default tables: the curated
   * contract), sandboxed: SQL reads the lake only (`access: 'local-files'` also lets it read
   * other local files), never the network, never writes, and runs one read-only statement at a time.
   */
  static async open(
    storeDir: string,
    options: { tables?: readonly TableDef[]; access?: FileAccess } = {},
  ): Promise<DuckDbEngine> {
    // allowed_directories compares paths as text: give it the lake's real path.
    const lakeDir = await realpath(storeDir).catch(() => resolve(storeDir));
    const tempDir = await mkdtemp(join(tmpdir(), 'genai-finops-duckdb-'));
    const instance = await DuckDBInstance.create(':memory:');
    let connection: DuckDBConnection | undefined;
    try {
      connection = await instance.connect();
      for (const statement of sessionSettings) await connection.run(statement);
      for (const macro of dialectMacros) await connection.run(createMacroSql(macro));
      const access = options.access ?? 'lake';
      for (const statement of sandboxSettings({ lakeDir, tempDir, access })) await connection.run(statement);
    } catch (error) {
      connection?.closeSync();
      instance.closeSync();
      await rm(tempDir, { recursive: true, force: true });
      throw new QueryError(`could not set up DuckDB: ${messageOf(error)}`, { cause: error });
    }
    return new DuckDbEngine(instance, connection, lakeDir, options.tables ?? curatedTables, tempDir);
  }

  /**
   * Runs `sql` over the lake as it is now (files written since the last query are seen).
   * `bytesScanned` is an upper bound: the total size of every Parquet file of each table
   * the SQL names, whatever partitions and columns DuckDB actually read.
   */
  query(sql: string): Promise<QueryResult> {
    const run = this.tail.then(() => this.run(sql));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Waits for running queries, then closes the connection and the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.tempDir, { recursive: true, force: true });
  }

  private async run(sql: string): Promise<QueryResult> {
    if (this.closed) throw new QueryError('DuckDbEngine is closed');
    const files = await this.refreshViews();
    const statement = await prepareReadOnly(this.connection, sql);
    let reader: Awaited<ReturnType<typeof statement.runAndReadAll>>;
    try {
      reader = await statement.runAndReadAll();
    } catch (error) {
      throw new QueryFailedError(
        { engine: 'duckdb', state: 'FAILED', reason: messageOf(error) },
        { cause: error },
      );
    } finally {
      statement.destroySync();
    }
    const names = reader.deduplicatedColumnNames();
    const columns: QueryColumn[] = reader.columnTypes().map((type, i) => ({
      name: names[i] ?? `_col${i}`,
      type: athenaTypeName(type),
    }));
    const rows = reader.getRows().map((values) => {
      const row: Record<string, SqlValue> = {};
      columns.forEach((column, i) => {
        row[column.name] = toSqlValue(values[i] ?? null);
      });
      return row;
    });
    let bytesScanned = 0;
    for (const table of this.tables) {
      if (namesTable(sql, table.name)) bytesScanned += files.get(table.name)?.bytes ?? 0;
    }
    return { columns, rows, bytesScanned, engine: 'duckdb' };
  }

  /** Lists each table's files and re-creates the views whose files changed. */
  private async refreshViews(): Promise<Map<string, TableFiles>> {
    const listings = new Map<string, TableFiles>();
    for (const table of this.tables) {
      const files = await listParquetFiles(join(this.storeDir, table.name));
      listings.set(table.name, files);
      if (this.bound.get(table.name) === files.signature) continue;
      try {
        await bindView(this.connection, table, this.storeDir, files);
      } catch (error) {
        this.bound.delete(table.name);
        throw new QueryFailedError(
          { engine: 'duckdb', state: 'FAILED', reason: `table ${table.name}: ${messageOf(error)}` },
          { cause: error },
        );
      }
      this.bound.set(table.name, files.signature);
    }
    return listings;
  }
}

/** True when `sql` mentions `table` as a whole word (an over-approximation: comments count too). */
function namesTable(sql: string, table: string): boolean {
  return new RegExp(`\\b${table.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\b`, 'i').test(sql);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
