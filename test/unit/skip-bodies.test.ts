import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseRecordLine } from '../../shared/bedrock/parse-record';
import { withoutBodies } from '../../shared/bedrock/skip-bodies';
import { generateSyntheticLogs } from '../../src/demo';

/** The record lines of one realistic generated hour (inline bodies of several KB). */
async function realisticLines(seed: number, invocationsPerHour: number): Promise<string[]> {
  const lines: string[] = [];
  await generateSyntheticLogs(
    async (key, body) => {
      if (key.includes('/data/')) return;
      lines.push(
        ...gunzipSync(body)
          .toString('utf8')
          .split('\n')
          .filter((l) => l.startsWith('{')),
      );
    },
    { seed, start: new Date('2026-03-04T10:00:00Z'), hours: 1, invocationsPerHour, bodies: 'realistic' },
  );
  return lines;
}

/** What `withoutBodies` must be equivalent to: parse everything, then drop the bodies. */
function parsedWithoutBodies(line: string): unknown {
  const v = JSON.parse(line) as { input?: Record<string, unknown>; output?: Record<string, unknown> };
  if (v.input && 'inputBodyJson' in v.input) v.input.inputBodyJson = null;
  if (v.output && 'outputBodyJson' in v.output) v.output.outputBodyJson = null;
  return v;
}

describe('withoutBodies', () => {
  it('returns what a full parse returns, bodies aside, on every record of a realistic hour', async () => {
    const lines = await realisticLines(3, 300);
    expect(lines.length).toBeGreaterThan(200);
    let stripped = 0;
    for (const line of lines) {
      const fast = withoutBodies(line);
      expect(fast).toBeDefined();
      if ((fast as string).length < line.length) stripped++;
      expect(JSON.parse(fast as string)).toEqual(parsedWithoutBodies(line));
    }
    expect(stripped).toBeGreaterThan(lines.length / 2);
  });

  const record = (input: string, output: string, extra = '') =>
    `{"requestId":"r","timestamp":"2026-03-02T14:07:31Z"${extra},"input":${input},"output":${output}}`;

  const cases: [string, string][] = [
    [
      'escaped quotes and backslashes',
      record(
        '{"inputBodyJson":{"t":"a \\"quoted\\" \\\\","u":["}","{"]},"inputTokenCount":5}',
        '{"outputTokenCount":1}',
      ),
    ],
    [
      'a body that is a string',
      record('{"inputBodyJson":"text","inputTokenCount":5}', '{"outputBodyJson":"x","outputTokenCount":1}'),
    ],
    [
      'a body that is an array of stream chunks',
      record('{"inputTokenCount":5}', '{"outputBodyJson":[{"a":1},{"b":[2]}],"outputTokenCount":1}'),
    ],
    ['bodies that are null', record('{"inputBodyJson":null,"inputTokenCount":5}', '{"outputBodyJson":null}')],
    [
      'output before input and spaces around colons',
      '{"output" : {"outputBodyJson" : {"k":"v"} , "outputTokenCount" : 2}, "input": {"inputBodyJson": [1,2], "inputTokenCount": 3}}',
    ],
    [
      'a body key inside request metadata (not a body)',
      record('{"inputTokenCount":5}', '{"outputTokenCount":1}', ',"requestMetadata":{"inputBodyJson":"tag"}'),
    ],
    [
      'non-ASCII text',
      record('{"inputBodyJson":{"t":"日本語 ✓ \\u00e9"},"inputTokenCount":5}', '{"outputTokenCount":1}'),
    ],
    [
      'every escape JSON has, and an escaped backslash before a closing quote',
      record(
        '{"inputBodyJson":{"t":"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uD83D\\ude00 \\u00E9","u":"\\\\"},"inputTokenCount":5}',
        '{"outputTokenCount":1}',
      ),
    ],
    [
      'numbers, literals and empty containers',
      record(
        '{"inputBodyJson":[0,-0,12,-3.25,1e5,2E-3,4.5e+10,true,false,null,{},[],[[]],{"a":{}}],"inputTokenCount":5}',
        '{"outputBodyJson":-1.5,"outputTokenCount":1}',
      ),
    ],
    [
      'whitespace everywhere JSON allows it',
      record(
        '{"inputBodyJson": { "a" :\t[ 1 ,\r\n2 ] , "b" : { } , "c" : [ ] } ,"inputTokenCount":5}',
        '{"outputBodyJson":true ,"outputTokenCount":1}',
      ),
    ],
    ['bodies that are literals', record('{"inputBodyJson":false}', '{"outputBodyJson":0}')],
  ];
  for (const [what, line] of cases) {
    it(`is equivalent to a full parse with ${what}`, () => {
      const fast = withoutBodies(line);
      expect(JSON.parse(fast as string)).toEqual(parsedWithoutBodies(line));
      expect(fast).not.toContain('quoted');
    });
  }

  describe('rejects a body that is not valid JSON, as JSON.parse of the line does', () => {
    const invalid: [string, string][] = [
      ['mismatched brackets [}', '{"a":[1}]'],
      ['mismatched brackets {]', '[{"a":1]}'],
      ['a member without a colon', '{"a" 1}'],
      ['a member with two colons', '{"a"::1}'],
      ['a key that is not a string', '{a:1}'],
      ['a value where a key belongs', '{"a":1,2}'],
      ['members without a comma', '{"a":1 "b":2}'],
      ['elements without a comma', '[1 2]'],
      ['strings without a comma', '["a" "b"]'],
      ['a trailing comma in an object', '{"a":1,}'],
      ['a trailing comma in an array', '[1,]'],
      ['a leading comma', '[,1]'],
      ['two commas', '[1,,2]'],
      ['a colon in an array', '["a":1]'],
      ['a misspelt literal', '[tru]'],
      ['a literal with trailing letters', '[nulls]'],
      ['a capitalised literal', '[True]'],
      ['a bare word', '{"a":undefined}'],
      ['NaN', '[NaN]'],
      ['a leading zero', '[01]'],
      ['a leading plus', '[+1]'],
      ['a bare decimal point', '[.5]'],
      ['a trailing decimal point', '[1.]'],
      ['an exponent without digits', '[1e]'],
      ['a lone minus', '[-]'],
      ['hexadecimal', '[0x10]'],
      ['an invalid escape', '{"t":"a \\x b"}'],
      ['an invalid escape in a key', '{"\\q":1}'],
      ['a short unicode escape', '{"t":"\\u12"}'],
      ['a unicode escape that is not hex', '{"t":"\\u12G4"}'],
      ['a single-quoted string', "{'t':1}"],
    ];
    for (const [what, body] of invalid) {
      it(what, () => {
        const line = record(`{"inputBodyJson":${body},"inputTokenCount":5}`, '{"outputTokenCount":1}');
        expect(() => JSON.parse(line)).toThrow();
        expect(withoutBodies(line)).toBeUndefined();
        expect(parseRecordLine(line)).toEqual({ ok: false, reason: 'invalid_json' });
      });
    }

    // Here the body is valid JSON that ends somewhere else than the writer meant: what follows
    // it is then the rest of the line, which JSON.parse rejects.
    const misplaced: [string, string][] = [
      ['an unclosed object', '{"a":{"b":1}'],
      ['a stray closing bracket', '{"a":1}}'],
      ['a stray closing bracket in a nested body', '{"a":[1]]}'],
    ];
    for (const [what, body] of misplaced) {
      it(what, () => {
        const line = record(`{"inputBodyJson":${body},"inputTokenCount":5}`, '{"outputTokenCount":1}');
        expect(() => JSON.parse(line)).toThrow();
        expect(parseRecordLine(line)).toEqual({ ok: false, reason: 'invalid_json' });
      });
    }

    const empty: [string, string][] = [
      ['an empty body before the next member', record('{"inputBodyJson":,"inputTokenCount":5}', '{}')],
      ['an empty body at the end of its object', record('{"inputTokenCount":5}', '{"outputBodyJson": }')],
    ];
    for (const [what, line] of empty) {
      it(what, () => {
        expect(() => JSON.parse(line)).toThrow();
        expect(withoutBodies(line)).toBeUndefined();
        expect(parseRecordLine(line)).toEqual({ ok: false, reason: 'invalid_json' });
      });
    }
  });

  it('does not look for raw control characters in a body string (the one known gap, see valueEnd)', () => {
    const line = record('{"inputBodyJson":{"t":"a\tb"},"inputTokenCount":5}', '{"outputTokenCount":1}');
    expect(() => JSON.parse(line)).toThrow();
    expect(withoutBodies(line)).toBe(
      record('{"inputBodyJson":null,"inputTokenCount":5}', '{"outputTokenCount":1}'),
    );
  });

  it('agrees with JSON.parse on randomly corrupted bodies of realistic records', async () => {
    // Raw control characters are not among the corruptions: that is the known gap above.
    const lines = (await realisticLines(11, 300)).filter((l) => l.includes('BodyJson":')).slice(0, 200);
    expect(lines.length).toBe(200);
    const random = mulberry32(20260304);
    const pick = (n: number): number => Math.floor(random() * n);
    const INSERTED = '}]{[,:"\\';
    const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const classes = ['delete', 'insert-structural', 'insert-letter', 'duplicate-comma'] as const;
    const tally = { total: 0, invalid: 0, agree: 0 };
    const disagreements: string[] = [];
    for (const line of lines) {
      const spans = bodySpans(line);
      for (let k = 0; k < 10; k++) {
        const [start, end] = spans[pick(spans.length)] as [number, number];
        const kind = classes[pick(classes.length)] as (typeof classes)[number];
        let p = start + pick(end - start);
        let corrupted: string;
        if (kind === 'delete') corrupted = line.slice(0, p) + line.slice(p + 1);
        else if (kind === 'duplicate-comma') {
          const commas: number[] = [];
          for (let c = line.indexOf(',', start); c !== -1 && c < end; c = line.indexOf(',', c + 1))
            commas.push(c);
          if (commas.length === 0) continue;
          p = commas[pick(commas.length)] as number;
          corrupted = `${line.slice(0, p)},${line.slice(p)}`;
        } else {
          const chars = kind === 'insert-letter' ? LETTERS : INSERTED;
          corrupted = line.slice(0, p) + chars.charAt(pick(chars.length)) + line.slice(p);
        }
        let throws = false;
        try {
          JSON.parse(corrupted);
        } catch {
          throws = true;
        }
        const r = parseRecordLine(corrupted);
        const rejected = !r.ok && r.reason === 'invalid_json';
        tally.total++;
        if (throws) tally.invalid++;
        if (rejected === throws) tally.agree++;
        else disagreements.push(`${kind} at ${p - start}: ${corrupted.slice(p - 30, p + 30)}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(tally.agree).toBe(tally.total);
    // The corruptions really test something: many break the JSON; many others (a letter or a
    // bracket in a prompt's text) do not.
    expect(tally.total).toBeGreaterThan(1900);
    expect(tally.invalid).toBeGreaterThan(tally.total / 4);
    expect(tally.invalid).toBeLessThan(tally.total);
  });

  it('leaves a line that is cut inside a body unbalanced, so it is rejected', () => {
    const line = record('{"inputBodyJson":{"t":"cut here', '{}');
    const cut = line.slice(0, line.indexOf('cut here') + 3);
    const fast = withoutBodies(cut);
    expect(() => JSON.parse(fast ?? cut)).toThrow();
  });

  it('leaves a line that is cut after a body invalid JSON', () => {
    const cut = '{"requestId":"r","input":{"inputBodyJson":{"t":"x"}';
    expect(() => JSON.parse(withoutBodies(cut) ?? cut)).toThrow();
  });
});

/** Seeded generator (mulberry32): the same corruptions on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the inline bodies of a generated (JSON.stringify'd) record line are: [start, end) each. */
function bodySpans(line: string): [number, number][] {
  const v = JSON.parse(line) as {
    input?: { inputBodyJson?: unknown };
    output?: { outputBodyJson?: unknown };
  };
  const spans: [number, number][] = [];
  for (const [key, body] of [
    ['"inputBodyJson":', v.input?.inputBodyJson],
    ['"outputBodyJson":', v.output?.outputBodyJson],
  ] as const) {
    if (body === undefined) continue;
    const start = line.indexOf(key) + key.length;
    const text = JSON.stringify(body);
    expect(line.startsWith(text, start)).toBe(true);
    spans.push([start, start + text.length]);
  }
  return spans;
}
