import { parquetMetadata, parquetRead, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { GlueType, TableDef } from './tables';

/** A row of a curated table: timestamps as epoch milliseconds, bigints as numbers. */
export type LakeValue = string | number | boolean | null;
export type LakeRow = Record<string, LakeValue>;

type BasicType = 'STRING' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'INT32';

const parquetTypeOf: Record<GlueType, BasicType> = {
  string: 'STRING',
  bigint: 'INT64',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'INT32',
};

/** Rows per row group: large groups keep files small and Athena reads few footers. */
const ROW_GROUP_SIZE = 250_000;

function columnValues(rows: readonly LakeRow[], name: string, type: GlueType): unknown[] {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = (rows[i] as LakeRow)[name];
    if (v === null || v === undefined) {
      out[i] = null;
      continue;
    }
    switch (type) {
      case 'bigint':
        out[i] = BigInt(v as number);
        break;
      case 'timestamp':
        out[i] = new Date(v as number);
        break;
      default:
        out[i] = v;
    }
  }
  return out;
}

/** Columns of equal length, by name; timestamps as epoch ms, bigints as numbers. */
export type LakeColumns = Record<string, readonly LakeValue[]>;

function convertColumn(values: readonly LakeValue[], type: GlueType): unknown[] {
  if (type === 'bigint')
    return values.map((v) => (v === null || v === undefined ? null : BigInt(v as number)));
  // The writer turns epoch-ms numbers into TIMESTAMP_MILLIS itself.
  return values as unknown[];
}

/**
 * Columns that get min/max statistics: the time (engines prune row groups and pages on it).
 * Statistics on the other columns cost a third of the write time and prune nothing within one day.
 */
const STATISTICS_COLUMNS = new Set(['event_time']);

/** Encodes columns of `table` as one Parquet file (Snappy): the fast path, no row objects. */
export function encodeParquetColumns(table: TableDef, columns: LakeColumns): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: table.columns.map((c) => {
      const values = columns[c.name];
      if (!values) throw new Error(`column ${c.name} of ${table.name} is missing`);
      return {
        name: c.name,
        data: convertColumn(values, c.type),
        type: parquetTypeOf[c.type],
        nullable: c.nullable,
        statistics: STATISTICS_COLUMNS.has(c.name),
      };
    }),
    rowGroupSize: ROW_GROUP_SIZE,
    createdBy: 'genai-finops',
  });
  return new Uint8Array(buffer);
}

/** Decodes a Parquet file into columns (bigints as numbers, timestamps as epoch ms). */
export async function decodeParquetColumns(
  bytes: Uint8Array,
  columns?: string[],
): Promise<{ rows: number; columns: LakeColumns }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  const rows = Number(meta.num_rows);
  const out: Record<string, LakeValue[]> = {};
  await parquetRead({
    file,
    metadata: meta,
    columns,
    onChunk: ({ columnName, columnData, rowStart }) => {
      let target = out[columnName];
      if (!target) {
        target = new Array<LakeValue>(rows);
        out[columnName] = target;
      }
      for (let i = 0; i < columnData.length; i++) {
        const v = columnData[i] as unknown;
        target[rowStart + i] =
          typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : (v as LakeValue);
      }
    },
  });
  return { rows, columns: out };
}

/**
 * Encodes rows of `table` as one Parquet file, columns in contract order: Snappy by default;
 * `uncompressed` for short-lived private files, where compression costs more than it saves.
 */
export function encodeParquet(
  table: TableDef,
  rows: readonly LakeRow[],
  options: { uncompressed?: boolean } = {},
): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: table.columns.map((c) => ({
      name: c.name,
      data: columnValues(rows, c.name, c.type),
      type: parquetTypeOf[c.type],
      nullable: c.nullable,
      statistics: STATISTICS_COLUMNS.has(c.name),
    })),
    rowGroupSize: ROW_GROUP_SIZE,
    createdBy: 'genai-finops',
    ...(options.uncompressed ? { codec: 'UNCOMPRESSED' as const } : {}),
  });
  return new Uint8Array(buffer);
}

/** Decodes a Parquet file written by `encodeParquet` back into rows (timestamps as epoch ms). */
export async function decodeParquet(bytes: Uint8Array, columns?: string[]): Promise<LakeRow[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const objects = (await parquetReadObjects({ file, columns })) as Record<string, unknown>[];
  for (const row of objects) {
    for (const key of Object.keys(row)) {
      const v = row[key];
      if (typeof v === 'bigint') row[key] = Number(v);
      else if (v instanceof Date) row[key] = v.getTime();
    }
  }
  return objects as LakeRow[];
}

/** The physical schema of a Parquet file: leaf column names with their Parquet types. */
export function parquetSchemaOf(
  bytes: Uint8Array,
): { name: string; type: string; convertedType?: string; logicalType?: string }[] {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  return meta.schema
    .filter((e) => e.num_children === undefined)
    .map((e) => ({
      name: e.name,
      type: String(e.type),
      ...(e.converted_type ? { convertedType: String(e.converted_type) } : {}),
      ...(e.logical_type ? { logicalType: String(e.logical_type.type) } : {}),
    }));
}
