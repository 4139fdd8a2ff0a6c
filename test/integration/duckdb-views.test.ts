import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { encodeParquet } from '../../shared/lake/parquet';
import type { TableDef } from '../../shared/lake/tables';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

/** Version 2 of a table: `cost` was added (nullable), `calls` was always bigint in the contract. */
const usage: TableDef = {
  name: 'usage',
  description: 'test table',
  partitionKey: 'dt',
  columns: [
    { name: 'team', type: 'string', nullable: false, description: '' },
    { name: 'calls', type: 'bigint', nullable: false, description: '' },
    { name: 'cost', type: 'decimal(18,6)', nullable: true, description: '' },
  ],
};

/** A version-1 file: no `cost` column, `calls` as INT32, and a column the contract no longer has. */
function versionOneFile(): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'team', data: ['search'] },
      { name: 'calls', data: [5] },
      { name: 'retired', data: ['x'] },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'team', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'calls', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'retired', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    ],
  });
  return new Uint8Array(buffer);
}

function write(dir: string, table: string, partition: string, bytes: Uint8Array): void {
  mkdirSync(join(dir, table, partition), { recursive: true });
  writeFileSync(join(dir, table, partition, 'part-00000.parquet'), bytes);
}

function lake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duckdb-views-'));
  roots.push(dir);
  return dir;
}

describe('DuckDB views over the lake', () => {
  it("read files of two schema versions with the contract's types, in contract order", async () => {
    const dir = lake();
    write(dir, 'usage', 'dt=2026-03-01', versionOneFile());
    write(
      dir,
      'usage',
      'dt=2026-03-02',
      encodeParquet(usage, [{ team: 'support', calls: 2n ** 60n, cost: '1.5' }]),
    );
    const engine = await DuckDbEngine.open(dir, { tables: [usage] });
    try {
      const r = await engine.query('SELECT * FROM usage ORDER BY dt');
      expect(r.columns).toEqual([
        { name: 'team', type: 'varchar' },
        { name: 'calls', type: 'bigint' },
        { name: 'cost', type: 'decimal(18,6)' },
        { name: 'dt', type: 'varchar' },
      ]);
      expect(r.rows).toEqual([
        { team: 'search', calls: 5, cost: null, dt: '2026-03-01' },
        { team: 'support', calls: 2n ** 60n, cost: '1.500000', dt: '2026-03-02' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('types a lake of old files only as the contract says, the new column NULL', async () => {
    const dir = lake();
    write(dir, 'usage', 'dt=2026-03-01', versionOneFile());
    const engine = await DuckDbEngine.open(dir, { tables: [usage] });
    try {
      const r = await engine.query('SELECT team, calls, cost FROM usage');
      expect(r.columns.map((c) => c.type)).toEqual(['varchar', 'bigint', 'decimal(18,6)']);
      expect(r.rows).toEqual([{ team: 'search', calls: 5, cost: null }]);
      await expect(engine.query('SELECT retired FROM usage')).rejects.toThrow(/retired/);
    } finally {
      await engine.close();
    }
  });

  it('uses a partition key other than dt where the table says so', async () => {
    const byDay: TableDef = { ...usage, name: 'usage_by_day', partitionKey: 'day' };
    const dir = lake();
    write(dir, 'usage_by_day', 'day=2026-03-02', encodeParquet(byDay, [{ team: 'a', calls: 1, cost: null }]));
    const engine = await DuckDbEngine.open(dir, { tables: [byDay] });
    try {
      const r = await engine.query("SELECT team, day FROM usage_by_day WHERE day = '2026-03-02'");
      expect(r.columns).toEqual([
        { name: 'team', type: 'varchar' },
        { name: 'day', type: 'varchar' },
      ]);
      expect(r.rows).toEqual([{ team: 'a', day: '2026-03-02' }]);
      const empty = await DuckDbEngine.open(lake(), { tables: [byDay] });
      try {
        expect((await empty.query('SELECT day FROM usage_by_day')).columns).toEqual([
          { name: 'day', type: 'varchar' },
        ]);
      } finally {
        await empty.close();
      }
    } finally {
      await engine.close();
    }
  });
});
