import { describe, expect, it } from 'vitest';
import { renderSql, SqlParamError, sqlLiteral } from '../../shared/sql/params';
import { renderQuery } from '../../shared/sql/queries';

describe('sqlLiteral', () => {
  it('writes dates and text as quoted literals, integers as numbers', () => {
    expect(sqlLiteral('from', { kind: 'date' }, '2026-03-02')).toBe("'2026-03-02'");
    expect(sqlLiteral('label', { kind: 'string' }, "it's")).toBe("'it''s'");
    expect(sqlLiteral('limit', { kind: 'integer', min: 1, max: 100 }, 5)).toBe('5');
  });

  describe('rejects values that do not fit, naming the parameter', () => {
    it.each([
      [
        'a non-date',
        { kind: 'date' } as const,
        "2026-03-02' OR '1'='1",
        /parameter p must be a date YYYY-MM-DD/,
      ],
      ['an impossible date', { kind: 'date' } as const, '2026-02-30', /must be a date/],
      ['a date with a time', { kind: 'date' } as const, '2026-03-02T00:00:00Z', /must be a date/],
      [
        'a number as a date',
        { kind: 'date' } as const,
        20260302,
        /must be a date YYYY-MM-DD, got number 20260302/,
      ],
      ['a fraction', { kind: 'integer', min: 1, max: 100 } as const, 2.5, /must be an integer from 1 to 100/],
      [
        'an integer out of range',
        { kind: 'integer', min: 1, max: 100 } as const,
        101,
        /from 1 to 100, got number 101/,
      ],
      ['a numeric string', { kind: 'integer', min: 1, max: 100 } as const, '5', /must be an integer/],
      ['text with a control character', { kind: 'string' } as const, 'a\nb', /without control characters/],
    ])('%s', (_what, spec, value, message) => {
      expect(() => sqlLiteral('p', spec, value)).toThrow(SqlParamError);
      expect(() => sqlLiteral('p', spec, value)).toThrow(message);
    });
  });
});

describe('renderSql', () => {
  const specs = {
    from: { kind: 'date' },
    to: { kind: 'date' },
    limit: { kind: 'integer', min: 1, max: 9, default: 3 },
  } as const;

  it('replaces every placeholder, using defaults for what is left out', () => {
    expect(
      renderSql('WHERE dt BETWEEN {{from}} AND {{to}} LIMIT {{limit}}', specs, {
        from: '2026-03-01',
        to: '2026-03-02',
      }),
    ).toBe("WHERE dt BETWEEN '2026-03-01' AND '2026-03-02' LIMIT 3");
  });

  it('rejects missing, unknown and undeclared parameters, and a reversed range', () => {
    expect(() => renderSql('{{from}}', specs, { from: '2026-03-01' } as never)).toThrow(
      'parameter to is required',
    );
    expect(() =>
      renderSql('{{from}}', specs, { from: '2026-03-01', to: '2026-03-02', extra: 1 } as never),
    ).toThrow('unknown parameter extra');
    expect(() => renderSql('{{nope}}', specs, { from: '2026-03-01', to: '2026-03-02' })).toThrow(
      'the SQL names {{nope}}, which is not declared',
    );
    expect(() => renderSql('{{from}}', specs, { from: '2026-03-03', to: '2026-03-02' })).toThrow(
      'parameter from (2026-03-03) is after to (2026-03-02)',
    );
  });
});

describe('renderQuery', () => {
  it('renders a shipped query with its range and label', () => {
    const sql = renderQuery('unattributedCallers', {
      from: '2026-03-01',
      to: '2026-03-07',
      unattributed: 'none',
    });
    expect(sql).toContain("WHERE dt BETWEEN '2026-03-01' AND '2026-03-07' AND team = 'none'");
    expect(sql).toMatch(/LIMIT 5$/);
  });
});
