import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { dialectMacros } from '../../shared/adapters/local/duckdb-dialect';
import { queries } from '../../shared/sql/queries';

const trino = new TrinoSQL();

/** The grammar's complaints about `sql`, as `line:column message` strings (empty = valid Trino). */
function trinoErrors(sql: string): string[] {
  return trino.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
}

describe('Trino grammar gate', () => {
  it('has queries to check', () => {
    expect(Object.keys(queries).length).toBeGreaterThanOrEqual(2);
  });

  it.each(Object.entries(queries))('accepts shipped query %s', (_name, sql) => {
    expect(trinoErrors(sql)).toEqual([]);
  });

  it.each(dialectMacros.map((m) => [m.name, m.example] as const))(
    'accepts the dialect example for %s (it is Trino, not DuckDB)',
    (_name, sql) => {
      expect(trinoErrors(sql)).toEqual([]);
    },
  );

  describe('rejects what Athena would reject', () => {
    it.each([
      ['QUALIFY (DuckDB only)', 'SELECT 1 AS a FROM t QUALIFY row_number() OVER () = 1'],
      ['FROM-first (DuckDB only)', 'FROM bedrock_invocations SELECT team'],
      [':: casts (DuckDB only)', 'SELECT input_tokens::BIGINT AS n FROM bedrock_invocations'],
      ['a trailing comma', 'SELECT team, FROM bedrock_invocations'],
      ['an unfinished GROUP BY', 'SELECT team, COUNT(*) AS n FROM bedrock_invocations GROUP BY'],
    ])('%s', (_what, sql) => {
      expect(trinoErrors(sql).length).toBeGreaterThan(0);
    });
  });
});
