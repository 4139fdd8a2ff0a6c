import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../shared/ports';
import { int, toCsv, toJson, toTable } from '../../src/cli/format';

function result(columns: [string, string][], rows: QueryResult['rows']): QueryResult {
  return {
    columns: columns.map(([name, type]) => ({ name, type })),
    rows,
    bytesScanned: 0,
    engine: 'duckdb',
  };
}

describe('toJson', () => {
  it('prints big integers as exact number literals and decimals as strings', () => {
    const r = result(
      [
        ['n', 'bigint'],
        ['cost', 'decimal(18,6)'],
        ['share', 'double'],
      ],
      [{ n: 12345678901234567891n, cost: '1234.560000', share: 0.5 }],
    );
    expect(toJson(r)).toBe('[{"n":12345678901234567891,"cost":"1234.560000","share":0.5}]\n');
    expect(JSON.parse(toJson(r))[0].cost).toBe('1234.560000');
  });
});

describe('toCsv', () => {
  const columns: [string, string][] = [
    ['label', 'varchar'],
    ['n', 'bigint'],
    ['cost', 'decimal(10,2)'],
  ];

  it('prints big integers and decimals exactly', () => {
    const r = result(columns, [{ label: 'a', n: -9223372036854775808n, cost: '-0.50' }]);
    expect(toCsv(r)).toBe('label,n,cost\na,-9223372036854775808,-0.50\n');
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+cmd|/C calc', "'+1+cmd|/C calc"],
    ['-5', "'-5"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a=b', 'a=b'],
  ])('defuses the string %j as %j', (value, cell) => {
    const r = result(columns, [{ label: value, n: null, cost: null }]);
    expect(toCsv(r)).toBe(`label,n,cost\n${cell},,\n`);
  });

  it('leaves genuine numbers alone: negative integers, doubles and decimals', () => {
    const r = result(
      [
        ['n', 'bigint'],
        ['x', 'double'],
        ['cost', 'decimal(10,2)'],
      ],
      [{ n: -5, x: -0.25, cost: '-12.50' }],
    );
    expect(toCsv(r)).toBe('n,x,cost\n-5,-0.25,-12.50\n');
  });

  it('defuses a formula in a column name', () => {
    expect(toCsv(result([['=1+1', 'bigint']], [{ '=1+1': 2 }]))).toBe("'=1+1\n2\n");
  });
});

describe('toTable', () => {
  it('prints big integers exactly with separators, decimals as their text', () => {
    const r = result(
      [
        ['n', 'bigint'],
        ['cost', 'decimal(18,4)'],
      ],
      [{ n: 2n ** 64n, cost: '1234.5600' }],
    );
    expect(toTable(r)).toBe(
      [
        '                         n       cost',
        '--------------------------  ---------',
        '18,446,744,073,709,551,616  1234.5600',
        '(1 row)',
        '',
      ].join('\n'),
    );
  });

  describe('strips what would take over the terminal', () => {
    it.each([
      ['SGR colours', '\x1b[31mred\x1b[0m', 'red'],
      ['a cursor move and erase', 'a\x1b[2J\x1b[1;1Hb', 'ab'],
      ['an OSC title ended by BEL', '\x1b]0;pwned\x07ok', 'ok'],
      ['an OSC 8 hyperlink ended by ST', '\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\', 'click'],
      ['an 8-bit CSI', 'x\x9b31my', 'xy'],
      ['C0 controls, DEL and C1 controls', 'a\x00\x07\x08b\x7fc\x85d', 'abcd'],
      ['a DCS string', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
      ['line breaks and tabs (become one space)', 'one\r\ntwo\tthree', 'one two three'],
      ['bidi overrides', 'abc\u202edcba', 'abcdcba'],
    ])('%s', (_what, value, shown) => {
      const out = toTable(result([['s', 'varchar']], [{ s: value }]));
      const dataLine = out.split('\n')[2];
      expect(dataLine).toBe(shown);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    });

    it('in column names too', () => {
      const out = toTable(result([['\x1b[31mname', 'varchar']], [{ '\x1b[31mname': 'v' }]));
      expect(out.split('\n')[0]).toBe('name');
    });
  });
});

describe('int', () => {
  it('groups whole numbers exactly as en-US formatting does, bigints included', () => {
    for (const n of [
      0,
      7,
      -7,
      999,
      1000,
      -1000,
      29_909,
      1_234_567,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
    ])
      expect(int(n)).toBe(n.toLocaleString('en-US'));
    expect(int(123456789012345678901234567890n)).toBe('123,456,789,012,345,678,901,234,567,890');
    expect(int(-1000n)).toBe('-1,000');
    fc.assert(
      fc.property(
        fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })),
        (n) => int(n) === n.toLocaleString('en-US'),
      ),
    );
  });
  it('leaves what is not a safe whole number to the locale formatter', () => {
    expect(int(1234.5678)).toBe('1,234.568');
    expect(int(-0)).toBe('-0');
    expect(int(1e21)).toBe((1e21).toLocaleString('en-US'));
  });
});
