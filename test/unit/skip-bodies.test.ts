import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withoutBodies } from '../../shared/bedrock/skip-bodies';
import { generateSyntheticLogs } from '../../src/demo';

/** What `withoutBodies` must be equivalent to: parse everything, then drop the bodies. */
function parsedWithoutBodies(line: string): unknown {
  const v = JSON.parse(line) as { input?: Record<string, unknown>; output?: Record<string, unknown> };
  if (v.input && 'inputBodyJson' in v.input) v.input.inputBodyJson = null;
  if (v.output && 'outputBodyJson' in v.output) v.output.outputBodyJson = null;
  return v;
}

describe('withoutBodies', () => {
  it('returns what a full parse returns, bodies aside, on every record of a realistic hour', async () => {
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
      {
        seed: 3,
        start: new Date('2026-03-04T10:00:00Z'),
        hours: 1,
        invocationsPerHour: 300,
        bodies: 'realistic',
      },
    );
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
  ];
  for (const [what, line] of cases) {
    it(`is equivalent to a full parse with ${what}`, () => {
      const fast = withoutBodies(line);
      expect(JSON.parse(fast as string)).toEqual(parsedWithoutBodies(line));
      expect(fast).not.toContain('quoted');
    });
  }

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
