import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { dialectMacros } from '../../shared/adapters/local/duckdb-dialect';
import { queries, renderQuery } from '../../shared/sql/queries';
import { renderedQueries } from '../support/shipped-queries';

const trino = new TrinoSQL();

/** The grammar's complaints about `sql`, as `line:column message` strings (empty = valid Trino). */
function trinoErrors(sql: string): string[] {
  return trino.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
}

describe('Trino grammar gate', () => {
  it('has queries to check', () => {
    expect(Object.keys(queries).length).toBeGreaterThanOrEqual(2);
  });

  it.each(renderedQueries({ from: '2026-03-01', to: '2026-03-31' }))(
    'accepts shipped query %s',
    (_name, sql) => {
      expect(trinoErrors(sql)).toEqual([]);
      expect(sql).not.toContain('{{');
    },
  );

  it('accepts a label with a quote, rendered as one string literal', () => {
    const sql = renderQuery('unattributedCallers', {
      from: '2026-03-01',
      to: '2026-03-31',
      unattributed: "nobody's'; DROP TABLE x; --",
      limit: 10,
    });
    expect(trinoErrors(sql)).toEqual([]);
    expect(sql).toContain("team = 'nobody''s''; DROP TABLE x; --'");
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
