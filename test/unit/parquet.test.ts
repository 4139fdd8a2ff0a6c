import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import {
  decodeParquet,
  decodeParquetColumns,
  encodeParquet,
  parquetSchemaOf,
} from '../../shared/lake/parquet';
import type { TableDef } from '../../shared/lake/tables';

/** Every lake type once, nullable and not. */
const allTypes: TableDef = {
  name: 'all_types',
  description: 'test table',
  partitionKey: 'dt',
  columns: [
    { name: 's', type: 'string', nullable: false, description: '' },
    { name: 'n', type: 'bigint', nullable: true, description: '' },
    { name: 'x', type: 'double', nullable: true, description: '' },
    { name: 'b', type: 'boolean', nullable: true, description: '' },
    { name: 't', type: 'timestamp', nullable: false, description: '' },
    { name: 'd', type: 'date', nullable: true, description: '' },
  ],
};

const rows = [
  {
    s: 'a',
    n: 9_007_199_254_740_991,
    x: 0.1,
    b: true,
    t: Date.UTC(2026, 2, 2, 14, 7, 31, 250),
    d: Date.UTC(2026, 2, 2),
  },
  { s: 'é', n: null, x: null, b: null, t: 0, d: null },
];

describe('encodeParquet', () => {
  it('writes the Parquet types Athena maps to the Glue types, dates annotated as DATE', () => {
    expect(parquetSchemaOf(encodeParquet(allTypes, rows))).toEqual([
      { name: 's', type: 'BYTE_ARRAY', convertedType: 'UTF8' },
      { name: 'n', type: 'INT64' },
      { name: 'x', type: 'DOUBLE' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 't', type: 'INT64', convertedType: 'TIMESTAMP_MILLIS' },
      { name: 'd', type: 'INT32', convertedType: 'DATE' },
    ]);
  });

  it('round-trips every value through rows and columns', async () => {
    const bytes = encodeParquet(allTypes, rows);
    expect(await decodeParquet(bytes)).toEqual(rows);
    const { rows: n, columns } = await decodeParquetColumns(bytes, ['d', 'n']);
    expect(n).toBe(2);
    expect(columns).toEqual({ d: [Date.UTC(2026, 2, 2), null], n: [9_007_199_254_740_991, null] });
  });

  it('is read by DuckDB with the same types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parquet-'));
    mkdirSync(join(dir, 'all_types/dt=2026-03-02'), { recursive: true });
    writeFileSync(join(dir, 'all_types/dt=2026-03-02/part-00000.parquet'), encodeParquet(allTypes, rows));
    const engine = await DuckDbEngine.open(dir, { tables: [allTypes] });
    try {
      const r = await engine.query("SELECT s, n, d, t FROM all_types WHERE s = 'a'");
      expect(r.columns.map((c) => c.type)).toEqual(['varchar', 'bigint', 'date', 'timestamp']);
      expect(r.rows).toEqual([
        { s: 'a', n: 9_007_199_254_740_991, d: '2026-03-02', t: '2026-03-02 14:07:31.250' },
      ]);
    } finally {
      await engine.close();
    }
  });
});
