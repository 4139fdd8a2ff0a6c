import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectMacros } from '../../shared/adapters/local/duckdb-dialect';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { QueryError, QueryFailedError } from '../../shared/adapters/query-errors';
import { encodeParquet, type LakeRow } from '../../shared/lake/parquet';
import { bedrockInvocations } from '../../shared/lake/tables';
import type { SqlValue } from '../../shared/ports/query-engine';
import { renderQuery } from '../../shared/sql/queries';
import { toCsv, toJson, toTable } from '../../src/cli/format';
import { renderedQueries } from '../support/shipped-queries';

/** A range holding every day the tests write. */
const march = { from: '2026-03-01', to: '2026-03-31' };
const usageByTeamModel = renderQuery('usageByTeamModel', march);
const usageByDay = renderQuery('usageByDay', march);

const roots: string[] = [];

function tempLake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duckdb-engine-'));
  roots.push(dir);
  return dir;
}

function invocation(n: number, overrides: Partial<LakeRow>): LakeRow {
  return {
    event_time: Date.UTC(2026, 2, 2, 1, 2, 3, 456),
    request_id: `req-${n}`,
    account_id: '012345678901',
    region: 'us-east-1',
    operation: 'Converse',
    model_id: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
    model: 'anthropic.claude-sonnet-4-20250514-v1:0',
    identity_arn: null,
    team: 'search',
    feature: 'answers',
    environment: 'prod',
    input_tokens: 100,
    output_tokens: 10,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    error_code: null,
    ...overrides,
  };
}

function writePartition(lake: string, dt: string, rows: LakeRow[], file = 'part-0000.parquet'): string {
  const dir = join(lake, 'bedrock_invocations', `dt=${dt}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, encodeParquet(bedrockInvocations, rows));
  return path;
}

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const day1 = [
  invocation(1, {}),
  invocation(2, { input_tokens: 200, output_tokens: 20, cache_read_tokens: 50 }),
  invocation(3, { team: 'support', model: haiku, input_tokens: 7, output_tokens: 3, cache_write_tokens: 9 }),
];
const day2 = [
  invocation(4, { event_time: Date.UTC(2026, 2, 3, 23, 59, 59, 0), input_tokens: 1, output_tokens: 1 }),
  invocation(5, {
    event_time: Date.UTC(2026, 2, 3, 0, 0, 0, 5),
    team: 'support',
    model: haiku,
    identity_arn: 'arn:aws:iam::012345678901:role/support-bot',
    error_code: 'ThrottlingException',
  }),
];

describe('DuckDbEngine', () => {
  let lake: string;
  let engine: DuckDbEngine;
  let lakeBytes: number;

  beforeAll(async () => {
    lake = tempLake();
    const files = [writePartition(lake, '2026-03-02', day1), writePartition(lake, '2026-03-03', day2)];
    lakeBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    engine = await DuckDbEngine.open(lake);
  });

  afterAll(async () => {
    await engine?.close();
    for (const dir of roots) rmSync(dir, { recursive: true, force: true });
  });

  it('returns per-team × model sums from usageByTeamModel', async () => {
    const result = await engine.query(usageByTeamModel);
    expect(result.engine).toBe('duckdb');
    expect(result.rows).toEqual([
      {
        team: 'search',
        model: 'anthropic.claude-sonnet-4-20250514-v1:0',
        invocations: 3,
        input_tokens: 301,
        output_tokens: 31,
        cache_read_tokens: 50,
        cache_write_tokens: 0,
      },
      {
        team: 'support',
        model: haiku,
        invocations: 2,
        input_tokens: 107,
        output_tokens: 13,
        cache_read_tokens: 0,
        cache_write_tokens: 9,
      },
    ]);
  });

  it('returns numbers as JS numbers and names their types like Athena', async () => {
    const result = await engine.query(usageByTeamModel);
    for (const row of result.rows) {
      for (const name of [
        'invocations',
        'input_tokens',
        'output_tokens',
        'cache_read_tokens',
        'cache_write_tokens',
      ]) {
        expect(typeof row[name]).toBe('number');
      }
    }
    expect(result.columns).toEqual([
      { name: 'team', type: 'varchar' },
      { name: 'model', type: 'varchar' },
      { name: 'invocations', type: 'bigint' },
      { name: 'input_tokens', type: 'bigint' },
      { name: 'output_tokens', type: 'bigint' },
      { name: 'cache_read_tokens', type: 'bigint' },
      { name: 'cache_write_tokens', type: 'bigint' },
    ]);
  });

  it('returns timestamps as YYYY-MM-DD HH:MM:SS.sss in UTC and dt as a string', async () => {
    const result = await engine.query(
      "SELECT event_time, dt FROM bedrock_invocations WHERE request_id IN ('req-1', 'req-5') ORDER BY request_id",
    );
    expect(result.rows).toEqual([
      { event_time: '2026-03-02 01:02:03.456', dt: '2026-03-02' },
      { event_time: '2026-03-03 00:00:00.005', dt: '2026-03-03' },
    ]);
    expect(result.columns).toEqual([
      { name: 'event_time', type: 'timestamp' },
      { name: 'dt', type: 'varchar' },
    ]);
    expect(typeof result.rows[0]?.dt).toBe('string');
  });

  it('prunes on dt compared as a string', async () => {
    const result = await engine.query(
      "SELECT COUNT(*) AS n FROM bedrock_invocations WHERE dt = '2026-03-03' AND error_code IS NOT NULL",
    );
    expect(result.rows).toEqual([{ n: 1 }]);
  });

  it('returns per-day totals from usageByDay', async () => {
    const result = await engine.query(usageByDay);
    expect(result.rows).toEqual([
      {
        dt: '2026-03-02',
        invocations: 3,
        input_tokens: 307,
        output_tokens: 33,
        cache_read_tokens: 50,
        cache_write_tokens: 9,
        distinct_teams: 2,
      },
      {
        dt: '2026-03-03',
        invocations: 2,
        input_tokens: 101,
        output_tokens: 11,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        distinct_teams: 2,
      },
    ]);
  });

  // Each shipped query returns rows on a realistic lake in shipped-queries.test.ts; this small lake has no
  // unattributed calls, so here every query must run and name its columns.
  it.each(renderedQueries(march))('runs shipped query %s', async (_name, sql) => {
    const result = await engine.query(sql);
    expect(result.columns.length).toBeGreaterThan(0);
  });

  it('reports the Parquet bytes of the tables the SQL names', async () => {
    expect((await engine.query(usageByDay)).bytesScanned).toBe(lakeBytes);
    expect((await engine.query('SELECT 1 AS one')).bytesScanned).toBe(0);
  });

  describe('dialect macros', () => {
    const expected: Record<string, Record<string, SqlValue>> = {
      approx_percentile: { p50: 2 },
      approx_distinct: { n: 2 },
      to_unixtime: { s: 1772409600 },
      from_iso8601_timestamp: { ts: '2026-03-02 12:07:31.500' },
      from_unixtime: { ts: '2026-03-02 00:00:00.000' },
      cardinality: { n: 2 },
    };

    it('has an expected result for every macro', () => {
      expect(Object.keys(expected).sort()).toEqual(dialectMacros.map((m) => m.name).sort());
    });

    it.each(dialectMacros.map((m) => [m.name, m.example] as const))(
      'runs the Trino example for %s',
      async (name, sql) => {
        const result = await engine.query(sql);
        expect(result.rows).toEqual([expected[name]]);
      },
    );

    it('runs approx_percentile and approx_distinct as aggregates over the lake', async () => {
      const result = await engine.query(
        'SELECT team, approx_percentile(input_tokens, 0.5) AS p50, approx_distinct(model) AS models ' +
          'FROM bedrock_invocations GROUP BY team ORDER BY team',
      );
      const [search, support] = result.rows;
      expect(search).toEqual({ team: 'search', p50: 100, models: 1 });
      // Two values (7, 100): DuckDB interpolates between them, Trino returns one of them.
      expect(support).toMatchObject({ team: 'support', models: 1 });
      expect(support?.p50).toBeGreaterThanOrEqual(7);
      expect(support?.p50).toBeLessThanOrEqual(100);
    });

    it('buckets to 5 minutes with from_unixtime(floor(to_unixtime(ts) / 300) * 300)', async () => {
      const result = await engine.query(
        "SELECT from_unixtime(floor(to_unixtime(event_time) / 300) * 300) AS bucket FROM bedrock_invocations WHERE request_id = 'req-4'",
      );
      expect(result.rows).toEqual([{ bucket: '2026-03-03 23:55:00.000' }]);
    });
  });

  describe('value conversion', () => {
    it('converts decimal, double, date, boolean, NULL, list and struct', async () => {
      const result = await engine.query(
        "SELECT CAST(12.50 AS DECIMAL(18,6)) AS cost, CAST(0.25 AS DOUBLE) AS share, DATE '2026-03-02' AS day, " +
          "true AS ok, CAST(NULL AS VARCHAR) AS missing, ARRAY[1, 2] AS xs, CAST(ROW(1, 'a') AS ROW(n BIGINT, s VARCHAR)) AS r",
      );
      expect(result.rows).toEqual([
        {
          cost: '12.500000',
          share: 0.25,
          day: '2026-03-02',
          ok: true,
          missing: null,
          xs: '[1,2]',
          r: '{"n":1,"s":"a"}',
        },
      ]);
      expect(result.columns.map((c) => c.type)).toEqual([
        'decimal(18,6)',
        'double',
        'date',
        'boolean',
        'varchar',
        'array',
        'row',
      ]);
    });

    it('turns an uncast SUM (DuckDB HUGEINT) into a number typed bigint', async () => {
      const result = await engine.query('SELECT SUM(input_tokens) AS total FROM bedrock_invocations');
      expect(result.rows).toEqual([{ total: 408 }]);
      expect(result.columns).toEqual([{ name: 'total', type: 'bigint' }]);
    });

    it('returns integers beyond Number.MAX_SAFE_INTEGER as exact bigints, safe ones as numbers', async () => {
      const result = await engine.query(
        'SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(9007199254740991 AS BIGINT) AS safe, ' +
          'CAST(-9223372036854775808 AS BIGINT) AS low, CAST(170141183460469231731687303715884105727 AS HUGEINT) AS huge',
      );
      expect(result.rows).toEqual([
        {
          big: 9007199254740993n,
          safe: 9007199254740991,
          low: -9223372036854775808n,
          huge: 170141183460469231731687303715884105727n,
        },
      ]);
    });

    it('returns DECIMAL as exact text with every digit of the scale', async () => {
      const result = await engine.query(
        "SELECT CAST('1234.56' AS DECIMAL(18,4)) AS a, CAST('-0.05' AS DECIMAL(5,3)) AS b, " +
          "CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) AS c, CAST(7 AS DECIMAL(3,0)) AS d",
      );
      expect(result.rows).toEqual([
        { a: '1234.5600', b: '-0.050', c: '12345678901234567890.123456789', d: '7' },
      ]);
      expect(result.columns.map((c) => c.type)).toEqual([
        'decimal(18,4)',
        'decimal(5,3)',
        'decimal(38,9)',
        'decimal(3,0)',
      ]);
    });

    it('keeps big integers exact inside lists and structs (JSON text)', async () => {
      const result = await engine.query(
        'SELECT ARRAY[CAST(9007199254740993 AS BIGINT)] AS xs, ' +
          "CAST(ROW(9223372036854775807, '1.50') AS ROW(n BIGINT, d DECIMAL(4,2))) AS r",
      );
      expect(result.rows).toEqual([{ xs: '[9007199254740993]', r: '{"n":9223372036854775807,"d":"1.50"}' }]);
    });
  });

  describe('sums beyond 2^53', () => {
    it('sums BIGINT lake values above 2^53 exactly and prints them exactly as JSON, CSV and table', async () => {
      const dir = tempLake();
      const big = 2n ** 60n + 1n;
      writePartition(dir, '2026-03-02', [
        invocation(1, { input_tokens: big, output_tokens: 2n ** 62n }),
        invocation(2, { input_tokens: big, output_tokens: 2n ** 62n }),
        invocation(3, { input_tokens: 1, output_tokens: 2n ** 62n }),
      ]);
      const lake = await DuckDbEngine.open(dir);
      try {
        const result = await lake.query(
          'SELECT CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, SUM(output_tokens) AS output_tokens ' +
            'FROM bedrock_invocations',
        );
        const input = 2n * big + 1n;
        const output = 3n * 2n ** 62n; // beyond BIGINT: DuckDB's HUGEINT sum
        expect(result.rows).toEqual([{ input_tokens: input, output_tokens: output }]);
        expect(toJson(result)).toBe(`[{"input_tokens":${input},"output_tokens":${output}}]\n`);
        expect(toCsv(result)).toBe(`input_tokens,output_tokens\n${input},${output}\n`);
        expect(toTable(result)).toContain(input.toLocaleString('en-US'));
        expect(toTable(result)).toContain('13,835,058,055,282,163,712');
      } finally {
        await lake.close();
      }
    });
  });

  describe('errors', () => {
    it('throws QueryFailedError with the DuckDB message for bad SQL, and keeps working', async () => {
      const error = await engine.query('SELECT team FROM bedrock_invocations WHERE').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryFailedError);
      expect(error).toMatchObject({ engine: 'duckdb', state: 'FAILED', queryExecutionId: undefined });
      expect((error as QueryFailedError).reason).toMatch(/Parser Error/);
      expect((await engine.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('throws QueryFailedError for an unknown column', async () => {
      await expect(engine.query('SELECT no_such_column FROM bedrock_invocations')).rejects.toThrow(
        /no_such_column/,
      );
    });
  });

  describe('an empty lake', () => {
    it('answers with zero rows and the contract columns, not an error', async () => {
      const empty = await DuckDbEngine.open(tempLake());
      try {
        expect((await empty.query(usageByTeamModel)).rows).toEqual([]);
        const all = await empty.query('SELECT * FROM bedrock_invocations');
        expect(all.rows).toEqual([]);
        expect(all.bytesScanned).toBe(0);
        expect(all.columns).toEqual([
          ...bedrockInvocations.columns.map((c) => ({
            name: c.name,
            type: c.type === 'string' ? 'varchar' : c.type,
          })),
          { name: 'dt', type: 'varchar' },
        ]);
      } finally {
        await empty.close();
      }
    });

    it('sees files written after it was opened', async () => {
      const dir = tempLake();
      const growing = await DuckDbEngine.open(dir);
      try {
        expect((await growing.query(usageByDay)).rows).toEqual([]);
        writePartition(dir, '2026-03-02', day1);
        expect((await growing.query(usageByDay)).rows.map((r) => r.invocations)).toEqual([3]);
        writePartition(dir, '2026-03-03', day2);
        expect((await growing.query(usageByDay)).rows.map((r) => r.invocations)).toEqual([3, 2]);
      } finally {
        await growing.close();
      }
    });
  });

  it('rejects queries after close()', async () => {
    const closing = await DuckDbEngine.open(tempLake());
    await closing.close();
    await expect(closing.query('SELECT 1 AS one')).rejects.toBeInstanceOf(QueryError);
  });
});
