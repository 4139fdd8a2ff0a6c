import type { ObjectStore } from '../ports';
import { encodeParquetColumns, type LakeColumns } from './parquet';
import type { TableDef } from './tables';

/** Rows per curated Parquet object: a larger partition is written as several parts. */
export const ROWS_PER_PART = 1_000_000;

/** The folder of one partition: `<table>/<key>=<value>/`. */
export const partitionPrefix = (table: TableDef, value: string): string =>
  `${table.name}/${table.partitionKey}=${value}/`;

/** The deterministic key of part `n` of a partition. */
export const partKey = (table: TableDef, value: string, n: number): string =>
  `${partitionPrefix(table, value)}part-${String(n).padStart(5, '0')}.parquet`;

/** What replacing a partition wrote. */
export interface PartitionWritten {
  value: string;
  rows: number;
  keys: string[];
}

/**
 * Replaces one partition of any curated table, part by part: `add` encodes and writes columns
 * (split at `ROWS_PER_PART`) under deterministic keys, `finish` removes every object of the
 * partition that was not just written (parts of a larger earlier version, files left by another
 * writer). The same input always gives byte-identical objects, so a rerun changes nothing. Each
 * object is replaced whole (S3 PUTs are atomic): readers see old or new parts, never a torn file.
 * Callers that may run concurrently hold the partition's lease (`withLease`) around it.
 */
export class PartitionWriter {
  private readonly existing: Promise<string[]>;
  private readonly keys: string[] = [];
  private rows = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly table: TableDef,
    private readonly value: string,
    /** Called before each write: throws to stop (a lease that ran out). */
    private readonly beforeWrite: () => void = () => {},
  ) {
    this.existing = (async () => {
      const keys: string[] = [];
      for await (const o of store.list(partitionPrefix(table, value))) keys.push(o.key);
      return keys;
    })();
    this.existing.catch(() => {}); // surfaced by add/finish
  }

  /** Writes `rows` rows of `columns` (every contract column) as the next part(s). */
  async add(columns: LakeColumns, rows: number): Promise<void> {
    await this.existing;
    for (let start = 0; start < rows; start += ROWS_PER_PART) {
      const end = Math.min(rows, start + ROWS_PER_PART);
      const slice =
        start === 0 && end === rows
          ? columns
          : Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.slice(start, end)]));
      const key = partKey(this.table, this.value, this.keys.length);
      this.beforeWrite();
      await this.store.put(key, encodeParquetColumns(this.table, slice));
      this.keys.push(key);
    }
    this.rows += rows;
  }

  /** Writes one part already encoded (by `encodeParquetColumns` of this table) as the next part. */
  async addEncoded(bytes: Uint8Array, rows: number): Promise<void> {
    await this.existing;
    const key = partKey(this.table, this.value, this.keys.length);
    this.beforeWrite();
    await this.store.put(key, bytes);
    this.keys.push(key);
    this.rows += rows;
  }

  /** Removes what the partition held beyond the parts just written; an empty partition is removed whole. */
  async finish(): Promise<PartitionWritten> {
    const written = new Set(this.keys);
    const stale = (await this.existing).filter((k) => !written.has(k));
    if (stale.length > 0) {
      this.beforeWrite();
      await this.store.delete(stale);
    }
    return { value: this.value, rows: this.rows, keys: [...this.keys] };
  }
}

/** Replaces a partition with one set of columns (see `PartitionWriter`). */
export async function replacePartition(
  store: ObjectStore,
  table: TableDef,
  value: string,
  columns: LakeColumns,
  rows: number,
  beforeWrite?: () => void,
): Promise<PartitionWritten> {
  const writer = new PartitionWriter(store, table, value, beforeWrite);
  await writer.add(columns, rows);
  return writer.finish();
}
