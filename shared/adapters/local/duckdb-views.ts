/**
 * The DuckDB views that stand in for Athena's Glue tables: one per table of the contract, over
 * its Hive-partitioned Parquet files, every column cast to its contract type so DuckDB answers
 * with the types Athena would, whatever schema version each file was written with.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, quotedIdentifier, quotedString } from '@duckdb/node-api';
import { decimalSpec, isDecimalType } from '../../lake/decimal';
import type { GlueType, TableDef } from '../../lake/tables';
import { QueryError } from '../query-errors';

const DUCKDB_TYPES: Record<Exclude<GlueType, `decimal${string}`>, string> = {
  string: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
};

/** The DuckDB type Athena's reading of a Glue type corresponds to (`decimal(18,6)` → `DECIMAL(18,6)`). */
export function duckdbTypeOf(type: GlueType): string {
  if (isDecimalType(type)) {
    const { precision, scale } = decimalSpec(type);
    return `DECIMAL(${precision},${scale})`;
  }
  return DUCKDB_TYPES[type as keyof typeof DUCKDB_TYPES];
}

/** The Parquet files of one table, as the view's glob `<table>/*\/*.parquet` sees them. */
export interface TableFiles {
  bytes: number;
  /** Changes whenever a file is added, removed or rewritten: the view must then be re-bound. */
  signature: string;
}

/** The files `<tableDir>/*\/*.parquet` with their total size; a missing folder has none. */
export async function listParquetFiles(tableDir: string): Promise<TableFiles> {
  let partitions: string[];
  try {
    const entries = await readdir(tableDir, { withFileTypes: true });
    partitions = entries.filter((e) => e.isDirectory()).map((e) => join(tableDir, e.name));
  } catch (error) {
    if (isNotFound(error)) return { bytes: 0, signature: '' };
    throw new QueryError(`could not list ${tableDir}: ${messageOf(error)}`, { cause: error });
  }
  const found: { path: string; size: number; mtimeMs: number }[] = [];
  for (const dir of partitions.sort()) {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.parquet')).sort();
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path);
      if (info.isFile()) found.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return {
    bytes: found.reduce((sum, f) => sum + f.size, 0),
    signature: found.map((f) => `${f.path}\t${f.size}\t${f.mtimeMs}`).join('\n'),
  };
}

/**
 * (Re)creates the view of `table`. With files: the contract's columns in contract order, each
 * `CAST` to its contract type, read with `union_by_name` so an older file that lacks a newer
 * column reads it as NULL and an INT32 where the contract says bigint reads as BIGINT, as in
 * Athena; a column no file has yet is NULL. Without files: the same columns and no rows.
 * Columns the contract does not name are left out, as Glue leaves them out.
 */
export async function bindView(
  connection: DuckDBConnection,
  table: TableDef,
  storeDir: string,
  files: TableFiles,
): Promise<void> {
  const view = quotedIdentifier(table.name);
  const key = quotedIdentifier(table.partitionKey);
  if (files.signature === '') {
    const columns = table.columns.map(
      (c) => `CAST(NULL AS ${duckdbTypeOf(c.type)}) AS ${quotedIdentifier(c.name)}`,
    );
    columns.push(`CAST(NULL AS VARCHAR) AS ${key}`);
    await connection.run(`CREATE OR REPLACE VIEW ${view} AS SELECT ${columns.join(', ')} WHERE false`);
    return;
  }
  const source =
    `read_parquet(${quotedString(`${storeDir}/${table.name}/*/*.parquet`)}, hive_partitioning = true, ` +
    `hive_types = {${quotedString(table.partitionKey)}: VARCHAR}, union_by_name = true)`;
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const present = new Set(described.getRowObjectsJS().map((r) => String(r.column_name)));
  const columns = table.columns.map((c) => {
    const value = present.has(c.name) ? quotedIdentifier(c.name) : 'NULL';
    return `CAST(${value} AS ${duckdbTypeOf(c.type)}) AS ${quotedIdentifier(c.name)}`;
  });
  columns.push(`CAST(${key} AS VARCHAR) AS ${key}`);
  await connection.run(`CREATE OR REPLACE VIEW ${view} AS SELECT ${columns.join(', ')} FROM ${source}`);
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
