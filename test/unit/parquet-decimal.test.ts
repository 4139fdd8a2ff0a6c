import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { decimalByteLength, decimalSpec, fromUnscaled, toUnscaled } from '../../shared/lake/decimal';
import {
  decodeParquet,
  decodeParquetColumns,
  encodeParquet,
  parquetSchemaOf,
} from '../../shared/lake/parquet';
import type { TableDef } from '../../shared/lake/tables';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});
function lake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parquet-decimal-'));
  roots.push(dir);
  return dir;
}

const costs: TableDef = {
  name: 'costs',
  description: 'test table',
  partitionKey: 'dt',
  columns: [
    { name: 'item', type: 'string', nullable: false, description: '' },
    { name: 'cost', type: 'decimal(18,6)', nullable: true, description: '' },
    { name: 'wide', type: 'decimal(38,10)', nullable: true, description: '' },
  ],
};

const rows = [
  { item: 'a', cost: '12.345678', wide: '1234567890123456789012345678.0123456789' },
  { item: 'b', cost: '-0.000001', wide: '-0.5' },
  { item: 'c', cost: '999999999999.999999', wide: null },
  { item: 'd', cost: null, wide: '0' },
  { item: 'e', cost: '7', wide: '-9999999999999999999999999999.9999999999' },
];
const decoded = [
  { item: 'a', cost: '12.345678', wide: '1234567890123456789012345678.0123456789' },
  { item: 'b', cost: '-0.000001', wide: '-0.5000000000' },
  { item: 'c', cost: '999999999999.999999', wide: null },
  { item: 'd', cost: null, wide: '0.0000000000' },
  { item: 'e', cost: '7.000000', wide: '-9999999999999999999999999999.9999999999' },
];

describe('decimal columns', () => {
  it('are written as FIXED_LEN_BYTE_ARRAY DECIMAL with precision and scale', () => {
    expect(parquetSchemaOf(encodeParquet(costs, rows))).toEqual([
      { name: 'item', type: 'BYTE_ARRAY', convertedType: 'UTF8' },
      {
        name: 'cost',
        type: 'FIXED_LEN_BYTE_ARRAY',
        convertedType: 'DECIMAL',
        logicalType: 'DECIMAL',
        precision: 18,
        scale: 6,
      },
      {
        name: 'wide',
        type: 'FIXED_LEN_BYTE_ARRAY',
        convertedType: 'DECIMAL',
        logicalType: 'DECIMAL',
        precision: 38,
        scale: 10,
      },
    ]);
  });

  it('round-trip as exact decimal text through rows and columns', async () => {
    const bytes = encodeParquet(costs, rows);
    expect(await decodeParquet(bytes)).toEqual(decoded);
    expect((await decodeParquetColumns(bytes, ['cost'])).columns).toEqual({
      cost: decoded.map((r) => r.cost),
    });
  });

  it('read INT32 and INT64 decimals written by other tools exactly too', async () => {
    const buffer = parquetWriteBuffer({
      // bigints are the unscaled values (a number would be scaled by the writer).
      columnData: [
        { name: 'small', data: [12345n, -1n, null] },
        { name: 'big', data: [123456789012345678n, -5n, null] },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        {
          name: 'small',
          type: 'INT32',
          converted_type: 'DECIMAL',
          precision: 9,
          scale: 2,
          repetition_type: 'OPTIONAL',
        },
        {
          name: 'big',
          type: 'INT64',
          converted_type: 'DECIMAL',
          precision: 18,
          scale: 4,
          repetition_type: 'OPTIONAL',
        },
      ],
    });
    expect(await decodeParquet(new Uint8Array(buffer))).toEqual([
      { small: '123.45', big: '12345678901234.5678' },
      { small: '-0.01', big: '-0.0005' },
      { small: null, big: null },
    ]);
  });

  describe('reject values that are not exact or do not fit, naming the column', () => {
    it.each([
      [
        12.5,
        /column costs\.cost \(decimal\(18,6\)\) takes exact decimal text such as '12\.50', got number 12\.5/,
      ],
      [
        '1234567890123',
        /costs\.cost \(decimal\(18,6\)\): '1234567890123' does not fit \(at most 12 digits before the point\)/,
      ],
      ['1.0000001', /costs\.cost \(decimal\(18,6\)\): '1\.0000001' has more than 6 digits after the point/],
      ['1e3', /costs\.cost \(decimal\(18,6\)\): '1e3' is not a decimal number/],
      ['', /is not a decimal number/],
    ])('%j', (cost, message) => {
      expect(() => encodeParquet(costs, [{ item: 'x', cost, wide: null }])).toThrow(message);
    });

    it('accepts extra zeros after the scale and leading zeros before the point', async () => {
      const bytes = encodeParquet(costs, [{ item: 'x', cost: '000012.50000000', wide: null }]);
      expect((await decodeParquet(bytes))[0]?.cost).toBe('12.500000');
    });
  });

  it('are read by DuckDB as DECIMAL(p,s), exactly, and sum exactly', async () => {
    const dir = lake();
    mkdirSync(join(dir, 'costs/dt=2026-03-02'), { recursive: true });
    writeFileSync(join(dir, 'costs/dt=2026-03-02/part-00000.parquet'), encodeParquet(costs, rows));
    const engine = await DuckDbEngine.open(dir, { tables: [costs] });
    try {
      const r = await engine.query(
        "SELECT cost, wide FROM costs WHERE item = 'a' UNION ALL SELECT SUM(cost), SUM(wide) FROM costs",
      );
      expect(r.columns.map((c) => c.type)).toEqual(['decimal(38,6)', 'decimal(38,10)']);
      expect(r.rows).toEqual([
        { cost: '12.345678', wide: '1234567890123456789012345678.0123456789' },
        { cost: '1000000000019.345676', wide: '-8765432109876543210987654322.4876543210' },
      ]);
      const typed = await engine.query('SELECT cost FROM costs LIMIT 1');
      expect(typed.columns).toEqual([{ name: 'cost', type: 'decimal(18,6)' }]);
    } finally {
      await engine.close();
    }
  });
});

describe('decimal helpers', () => {
  it('size the FIXED_LEN_BYTE_ARRAY by precision', () => {
    expect([1, 2, 9, 10, 18, 19, 38].map(decimalByteLength)).toEqual([1, 1, 4, 5, 8, 9, 16]);
  });

  it('reject invalid decimal types', () => {
    expect(() => decimalSpec('decimal(39,2)')).toThrow(/decimal\(39,2\) is not a valid decimal type/);
    expect(() => decimalSpec('decimal(5,6)')).toThrow(/not a valid decimal type/);
    expect(() => decimalSpec('decimal(0,0)')).toThrow(/not a valid decimal type/);
    expect(decimalSpec('decimal(18,6)')).toEqual({ precision: 18, scale: 6 });
  });

  it('convert between text and the unscaled integer', () => {
    const spec = { precision: 18, scale: 6 };
    expect(toUnscaled('12.345678', spec, 'c')).toBe(12345678n);
    expect(toUnscaled('-0.5', spec, 'c')).toBe(-500000n);
    expect(fromUnscaled(12345678n, 6)).toBe('12.345678');
    expect(fromUnscaled(-5n, 3)).toBe('-0.005');
    expect(fromUnscaled(42n, 0)).toBe('42');
  });
});
