import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { TableDef } from '../shared/lake/tables';

/** The footer of a Parquet file, read from its tail only. */
async function footer(path: string) {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tail = Buffer.alloc(8);
    await file.read(tail, 0, 8, size - 8);
    const length = tail.readUInt32LE(0) + 8;
    const bytes = Buffer.alloc(length);
    await file.read(bytes, 0, length, size - length);
    return {
      metadata: parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + length)),
      length,
    };
  } finally {
    await file.close();
  }
}

/** Columns of `table` that `sql` names (a whole-word match: an upper bound of what the engine reads). */
export function columnsNamed(sql: string, table: TableDef): string[] {
  return table.columns.map((c) => c.name).filter((name) => new RegExp(`\\b${name}\\b`).test(sql));
}

/**
 * Bytes an engine reads from `table` for `columns` in the partitions `dt` keeps: the compressed
 * column chunks of those columns in each file's footer, plus the footers themselves.
 */
export async function touchedBytes(
  lakeDir: string,
  table: TableDef,
  columns: readonly string[],
  dt: (value: string) => boolean,
): Promise<{ bytes: number; files: number; fileBytes: number }> {
  const dir = join(lakeDir, table.name);
  const parts = await readdir(dir).catch(() => [] as string[]);
  let bytes = 0;
  let files = 0;
  let fileBytes = 0;
  for (const part of parts.sort()) {
    if (!part.startsWith(`${table.partitionKey}=`) || !dt(part.slice(table.partitionKey.length + 1)))
      continue;
    for (const name of (await readdir(join(dir, part))).filter((f) => f.endsWith('.parquet'))) {
      const { metadata, length } = await footer(join(dir, part, name));
      files++;
      bytes += length;
      for (const group of metadata.row_groups)
        for (const chunk of group.columns) {
          const size = Number(chunk.meta_data?.total_compressed_size ?? 0);
          fileBytes += size;
          if (columns.includes(chunk.meta_data?.path_in_schema[0] ?? '')) bytes += size;
        }
      fileBytes += length;
    }
  }
  return { bytes, files, fileBytes };
}
