import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type GroundTruth, generateSyntheticLogs } from '../../src/demo';

// The command as users run it, built into a folder of this test's own (others may be rebuilding dist/).
const built = resolve(`.tmp/vitest/ingest-threads-${process.pid}`);
const run = (args: string[]) =>
  spawnSync(process.execPath, [join(built, 'cli.mjs'), ...args], { encoding: 'utf8' });

let dir: string;
let truth: GroundTruth;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', built]);
  dir = mkdtempSync(join(tmpdir(), 'ingest-threads-'));
  const raw = new FolderStore(join(dir, 'raw'));
  // Realistic bodies, enough of them (over 4 MB of gzip) for the command to start its workers.
  truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 3,
    start: new Date('2026-03-02T10:00:00Z'),
    hours: 2,
    invocationsPerHour: 2_500,
    bodies: 'realistic',
    faults: { duplicates: 0.02, badLines: 0.01, truncatedObject: true },
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(truth.config));
}, 300_000);

afterAll(() => {
  rmSync(built, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const tables = (lake: string) =>
  readdirSync(lake, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.parquet') && !f.startsWith('_stage'))
    .sort()
    .map((f) => [f, readFileSync(join(lake, f)).toString('base64')]);

describe('genai-finops ingest bedrock-logs on worker threads', () => {
  it('writes, with --threads 2 and 3 and by default, the tables, counts and requests of --threads 1', () => {
    expect(truth.bytesCompressed).toBeGreaterThan(4 * 1024 * 1024);
    const summaries = (['1', '2', '3', undefined] as const).map((threads) => {
      const r = run([
        'ingest',
        'bedrock-logs',
        '--source',
        join(dir, 'raw'),
        '--store',
        join(dir, `lake-${threads ?? 'default'}`),
        '--config',
        join(dir, 'config.json'),
        ...(threads ? ['--threads', threads] : []),
        '--json',
      ]);
      expect(r.status, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
      return { ...s, seconds: 0, store: '', requests: (s.requests as { source: unknown }).source };
    });
    expect(summaries[0]).toMatchObject({
      recordsWritten: truth.records,
      duplicatesDropped: truth.duplicates,
      linesRejected: truth.badLines,
    });
    expect(summaries[1]).toEqual(summaries[0]);
    expect(summaries[2]).toEqual(summaries[0]);
    expect(summaries[3]).toEqual(summaries[0]);
    const one = tables(join(dir, 'lake-1'));
    expect(one.length).toBeGreaterThanOrEqual(2);
    expect(tables(join(dir, 'lake-2'))).toEqual(one);
    expect(tables(join(dir, 'lake-3'))).toEqual(one);
    expect(tables(join(dir, 'lake-default'))).toEqual(one);
  });

  it('says in its help what --threads defaults to', () => {
    const r = run(['ingest', 'bedrock-logs', '--help']);
    expect(r.status).toBe(0);
    // Commander wraps the help at the terminal's width.
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(
      /--threads <n> threads reading and staging logs, and rebuilding a large day: this one and n - 1 workers, started once the source proves large \(default 1; this machine has \d+ cores\)/,
    );
  });
});
