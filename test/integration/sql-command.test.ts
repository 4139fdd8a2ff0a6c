import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeParquet } from '../../shared/lake/parquet';
import { bedrockInvocations } from '../../shared/lake/tables';
import { main } from '../../src/cli/main';

let dir: string;
let lake: string;
let csvFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sql-command-'));
  lake = join(dir, 'lake');
  const partition = join(lake, 'bedrock_invocations', 'dt=2026-03-02');
  mkdirSync(partition, { recursive: true });
  writeFileSync(
    join(partition, 'part-00000.parquet'),
    encodeParquet(bedrockInvocations, [
      {
        event_time: Date.UTC(2026, 2, 2),
        request_id: 'r1',
        account_id: '012345678901',
        region: 'us-east-1',
        operation: 'Converse',
        model_id: 'm',
        model: 'm',
        identity_arn: null,
        team: 'search',
        feature: 'f',
        environment: 'prod',
        input_tokens: 1,
        output_tokens: 1,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        error_code: null,
      },
    ]),
  );
  csvFile = join(dir, 'owners.csv');
  writeFileSync(csvFile, 'team,owner\nsearch,alice\n');
  writeFileSync(join(dir, 'a-file'), 'not a folder');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the CLI in-process; returns the exit status and what it printed. */
async function sql(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const status = await main(['node', 'genai-finops', 'sql', ...args]);
  vi.restoreAllMocks();
  return { status, stdout, stderr };
}

describe('genai-finops sql', () => {
  describe('--store', () => {
    it('fails with status 2 and a clear message for a folder that does not exist', async () => {
      const r = await sql('--store', join(dir, 'typo'), 'SELECT 1 AS one');
      expect(r).toEqual({
        status: 2,
        stdout: '',
        stderr: `genai-finops: --store ${join(dir, 'typo')}: no such folder (give the folder \`ingest\` wrote to, or an s3:// location)\n`,
      });
    });

    it('fails with status 2 for a file', async () => {
      const r = await sql('--store', join(dir, 'a-file'), 'SELECT 1 AS one');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`genai-finops: --store ${join(dir, 'a-file')} is not a folder\n`);
    });

    it('answers from an existing folder', async () => {
      const r = await sql('--store', lake, '--format', 'csv', 'SELECT team FROM bedrock_invocations');
      expect(r).toMatchObject({ status: 0, stdout: 'team\nsearch\n' });
    });
  });

  describe('sandbox', () => {
    it('rejects two statements with status 2', async () => {
      const r = await sql('--store', lake, 'SELECT 1 AS a; SELECT 2 AS b');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('expected exactly one SQL statement, got 2');
    });

    it('cannot read a local file outside the store without --allow-local-files', async () => {
      const r = await sql('--store', lake, `SELECT * FROM read_csv('${csvFile}')`);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Permission Error/);
    });

    it('reads a local file with --allow-local-files', async () => {
      const r = await sql(
        '--store',
        lake,
        '--allow-local-files',
        '--format',
        'json',
        `SELECT b.team, o.owner FROM bedrock_invocations AS b JOIN read_csv('${csvFile}') AS o ON o.team = b.team`,
      );
      expect(r).toMatchObject({ status: 0, stdout: '[{"team":"search","owner":"alice"}]\n' });
    });

    it('refuses --allow-local-files with --engine athena', async () => {
      const r = await sql('--store', lake, '--engine', 'athena', '--allow-local-files', 'SELECT 1');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('genai-finops: --allow-local-files applies to --engine duckdb only\n');
    });
  });
});
