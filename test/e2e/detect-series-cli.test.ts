import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'detect-series-'));
});

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5);
/** Hourly values with a daily cycle and a little deterministic wobble; a 4× spike at `spikeAt`. */
function values(n: number, spikeAt: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = 100 + 30 * Math.sin((2 * Math.PI * (i % 24)) / 24) + ((i * 37) % 11) - 5;
    return i === spikeAt ? 4 * v : v;
  });
}
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
type Row = { timestamp: string; score: number; anomaly: boolean };
const rows = (stdout: string): Row[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

describe('genai-finops detect-series', () => {
  it('prints one JSON line per row, in file order, with the timestamp as written, and alerts the spike once', () => {
    const v = values(400, 300);
    const text = `timestamp,value\n${v.map((x, i) => `${new Date(START + i * HOUR).toISOString().replace('T', ' ').slice(0, 19)},${x.toFixed(3)}`).join('\n')}\n`;
    const r = run(['detect-series', '--csv', write('hourly.csv', text)]);
    expect(r.status).toBe(0);
    const out = rows(r.stdout);
    expect(out).toHaveLength(400);
    expect(out[0]?.timestamp).toBe('2026-01-05 00:00:00');
    expect(Object.keys(out[0] as Row)).toEqual(['timestamp', 'score', 'anomaly']);
    expect(out.every((o) => o.score >= 0 && o.score <= 1)).toBe(true);
    expect(out.flatMap((o, i) => (o.anomaly ? [i] : []))).toEqual([300]);
  });

  it('reads quoted fields, custom columns, blank values and epoch seconds; unsorted rows come back in file order', () => {
    const v = values(300, 250);
    const lines = v.map((x, i) => {
      const value = i === 100 ? '' : `"${x.toFixed(2)}"`;
      return `"host, a",${(START + i * HOUR) / 1000},${value}`;
    });
    // Swap two rows: judged in time order, printed in file order.
    [lines[10], lines[11]] = [lines[11] as string, lines[10] as string];
    const text = `"name","ts","cpu"\r\n${lines.join('\r\n')}\r\n`;
    const r = run([
      'detect-series',
      '--csv',
      write('custom.csv', text),
      '--timestamp-col',
      'ts',
      '--value-col',
      'cpu',
    ]);
    expect(r.status).toBe(0);
    const out = rows(r.stdout);
    expect(out).toHaveLength(300);
    expect(out[10]?.timestamp).toBe(String((START + 11 * HOUR) / 1000));
    expect(out[100]).toEqual({ timestamp: String((START + 100 * HOUR) / 1000), score: 0, anomaly: false });
    expect(out.flatMap((o, i) => (o.anomaly ? [i] : []))).toEqual([250]);
  });

  it('gives the same verdicts for a prefix of the file (no look-ahead)', () => {
    const v = values(400, 300);
    const body = v.map((x, i) => `${new Date(START + i * HOUR).toISOString()},${x}`);
    const full = rows(
      run(['detect-series', '--csv', write('full.csv', `timestamp,value\n${body.join('\n')}\n`)]).stdout,
    );
    const part = rows(
      run([
        'detect-series',
        '--csv',
        write('part.csv', `timestamp,value\n${body.slice(0, 301).join('\n')}\n`),
      ]).stdout,
    );
    expect(part).toEqual(full.slice(0, 301));
  });

  describe('errors', () => {
    it('exits 2 naming a column that does not exist', () => {
      const r = run([
        'detect-series',
        '--csv',
        write('bad-col.csv', 'timestamp,value\n2026-01-01,1\n'),
        '--value-col',
        'cpu',
      ]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('"cpu"');
      expect(r.stdout).toBe('');
    });

    it('exits 2 naming the line of a bad timestamp or a bad number', () => {
      const t = run([
        'detect-series',
        '--csv',
        write('bad-ts.csv', 'timestamp,value\n2026-01-01,1\nyesterday,2\n'),
      ]);
      expect(t.status).toBe(2);
      expect(t.stderr).toMatch(/line 3: "yesterday"/);
      const n = run([
        'detect-series',
        '--csv',
        write('bad-num.csv', 'timestamp,value\n2026-01-01,1\n2026-01-02,lots\n'),
      ]);
      expect(n.status).toBe(2);
      expect(n.stderr).toMatch(/line 3: "lots" in column "value"/);
    });

    it('exits 2 for a missing file', () => {
      const r = run(['detect-series', '--csv', join(dir, 'nope.csv')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('nope.csv');
    });

    it('marks a very short series not-applicable: no alert, score 0', () => {
      const body = values(20, 15).map((x, i) => `${START / 1000 + i * 3600},${x}`);
      const out = rows(
        run(['detect-series', '--csv', write('short.csv', `timestamp,value\n${body.join('\n')}\n`)]).stdout,
      );
      expect(out).toHaveLength(20);
      expect(out.every((o) => !o.anomaly && o.score === 0)).toBe(true);
    });
  });
});
