import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type GroundTruth, generateSyntheticLogs } from '../../src/demo';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

let dir: string;
let truth: GroundTruth;
const canary = 'CANARY-e2e-51d0';

beforeAll(async () => {
  // The command as users get it after `npm ci` (the prepare script builds it the same way).
  execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'cli-e2e-'));
  const raw = new FolderStore(join(dir, 'raw'));
  truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 11,
    start: new Date('2026-03-01T20:00:00Z'),
    hours: 30,
    invocationsPerHour: 120,
    bodies: 'small',
    canary,
    faults: {
      duplicates: 0.02,
      lateArrivals: 0.02,
      badLines: 0.01,
      truncatedObject: true,
      bodyObjects: true,
    },
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(truth.config));
});

describe('genai-finops ingest bedrock-logs, then sql', () => {
  it('gives exact per-team, per-model token sums on a corpus with duplicates, late arrivals, bad lines and a truncated object', () => {
    const ingest = run([
      'ingest',
      'bedrock-logs',
      '--source',
      join(dir, 'raw'),
      '--store',
      join(dir, 'lake'),
      '--config',
      join(dir, 'config.json'),
      '--json',
    ]);
    expect(ingest.status).toBe(0);
    const lines = ingest.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
    expect(summary.recordsWritten).toBe(truth.records);
    expect(summary.duplicatesDropped).toBe(truth.duplicates);
    expect(summary.linesRejected).toBe(truth.badLines);
    expect((summary.damagedObjects as unknown[]).length).toBe(1);
    expect(typeof summary.bytesRead).toBe('number');
    expect(typeof summary.seconds).toBe('number');
    expect(ingest.stdout + ingest.stderr).not.toContain(canary);

    const sql = run([
      'sql',
      '--store',
      join(dir, 'lake'),
      '--format',
      'json',
      `SELECT team, model, COUNT(*) AS invocations,
         CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
         CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens, CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens
       FROM bedrock_invocations GROUP BY team, model ORDER BY team, model`,
    ]);
    expect(sql.status).toBe(0);
    const rows = JSON.parse(sql.stdout) as Record<string, unknown>[];
    const expected = [...truth.byTeamModel]
      .sort((a, b) => (a.team === b.team ? (a.model < b.model ? -1 : 1) : a.team < b.team ? -1 : 1))
      .map((t) => ({
        team: t.team,
        model: t.model,
        invocations: t.invocations,
        input_tokens: t.inputTokens,
        output_tokens: t.outputTokens,
        cache_read_tokens: t.cacheReadTokens,
        cache_write_tokens: t.cacheWriteTokens,
      }));
    expect(rows).toEqual(expected);
  });

  it('rebuilds days from what was ingested, with no raw logs needed', () => {
    const r = run([
      'ingest',
      'bedrock-logs',
      '--store',
      join(dir, 'lake'),
      '--config',
      join(dir, 'config.json'),
      '--rebuild',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ recordsWritten: truth.records });
  });

  it('prints CSV and tables, and rejects a bad format with status 2', () => {
    const csv = run([
      'sql',
      '--store',
      join(dir, 'lake'),
      '--format',
      'csv',
      'SELECT COUNT(*) AS n FROM bedrock_invocations',
    ]);
    expect(csv.stdout).toBe(`n\n${truth.records}\n`);
    const bad = run(['sql', '--store', join(dir, 'lake'), '--format', 'xml', 'SELECT 1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format');
  });

  it('has --help on every command', () => {
    for (const args of [
      ['--help'],
      ['ingest', '--help'],
      ['ingest', 'bedrock-logs', '--help'],
      ['sql', '--help'],
      ['demo', '--help'],
    ]) {
      const r = run(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Usage: genai-finops/);
    }
  });

  it('fails with status 2 and names the key for an invalid configuration', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ingest: { lookbackHours: 'two' } }));
    const r = run([
      'ingest',
      'bedrock-logs',
      '--source',
      join(dir, 'raw'),
      '--store',
      join(dir, 'x'),
      '--config',
      join(dir, 'bad.json'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ingest.lookbackHours');
  });

  it('reads with worker threads the same tables, counts and requests as in one thread', () => {
    const summaries = [1, 2].map((threads) => {
      const r = run([
        'ingest',
        'bedrock-logs',
        '--source',
        join(dir, 'raw'),
        '--store',
        join(dir, `lake-t${threads}`),
        '--config',
        join(dir, 'config.json'),
        '--threads',
        String(threads),
        '--json',
      ]);
      expect(r.status).toBe(0);
      const s = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
      return { ...s, seconds: 0, store: '', requests: (s.requests as { source: unknown }).source };
    });
    expect(summaries[1]).toEqual(summaries[0]);
    const bytes = (threads: number) =>
      readdirSync(join(dir, `lake-t${threads}`, 'bedrock_invocations'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.parquet'))
        .sort()
        .map((f) => readFileSync(join(dir, `lake-t${threads}`, 'bedrock_invocations', f)).toString('base64'));
    expect(bytes(2)).toEqual(bytes(1));
    expect(bytes(1).length).toBeGreaterThan(0);
  });

  describe('refuses with status 2, naming the problem', () => {
    const ingest = (source: string, store: string, extra: string[] = []) =>
      run(['ingest', 'bedrock-logs', '--source', source, '--store', store, ...extra]);

    it('a source that does not exist, or is a file', () => {
      const missing = ingest(join(dir, 'no-such-folder'), join(dir, 'x'));
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/no-such-folder: no such folder/);
      writeFileSync(join(dir, 'a-file.json'), '{}');
      const file = ingest(join(dir, 'a-file.json'), join(dir, 'x'));
      expect(file.status).toBe(2);
      expect(file.stderr).toMatch(/is a file, not a folder/);
    });

    it('a missing --config file, with its path', () => {
      const r = ingest(join(dir, 'raw'), join(dir, 'x'), ['--config', join(dir, 'nope.json')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(join(dir, 'nope.json'));
    });

    it('a store inside the source', () => {
      const r = ingest(join(dir, 'raw'), join(dir, 'raw', 'lake'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is inside the source/);
    });

    it('a run with other attribution settings than the store was built with, which changes nothing', () => {
      const before = run([
        'sql',
        '--store',
        join(dir, 'lake'),
        '--format',
        'csv',
        'SELECT team, COUNT(*) AS n FROM bedrock_invocations GROUP BY team ORDER BY team',
      ]);
      const r = ingest(join(dir, 'raw'), join(dir, 'lake'), ['--force']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/built with other attribution or model settings \(attribution\.identities/);
      const after = run([
        'sql',
        '--store',
        join(dir, 'lake'),
        '--format',
        'csv',
        'SELECT team, COUNT(*) AS n FROM bedrock_invocations GROUP BY team ORDER BY team',
      ]);
      expect(after.stdout).toBe(before.stdout);
    });
  });
});
