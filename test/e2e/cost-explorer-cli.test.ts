import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const fixtures = 'test/fixtures/cost-explorer';
let dir: string;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'cost-cli-'));
});

describe('genai-finops ingest cost-explorer --from-file, then sql', () => {
  it('prints one JSON line on stdout and returns exact decimals through sql --format json', () => {
    const store = join(dir, 'lake');
    const ingest = run([
      'ingest',
      'cost-explorer',
      '--from-file',
      `${fixtures}/base-pages.json`,
      `${fixtures}/team.json`,
      '--store',
      store,
      '--json',
    ]);
    expect(ingest.status).toBe(0);
    const summary = JSON.parse(ingest.stdout.trim());
    expect(summary).toMatchObject({
      rowsWritten: 5,
      partitions: ['2026-03-01', '2026-03-02'],
      requests: { total: 0 },
    });
    expect(ingest.stderr).toContain('Ingested Cost Explorer costs');
    const sql = run([
      'sql',
      '--store',
      store,
      '--format',
      'json',
      "SELECT service, sum(unblended_cost) AS unblended FROM cost_daily WHERE granularity = 'DAILY' GROUP BY service ORDER BY service",
    ]);
    expect(sql.status).toBe(0);
    expect(JSON.parse(sql.stdout)).toEqual([
      { service: 'Amazon Bedrock', unblended: '0.212000000000' },
      { service: 'Amazon Elastic Compute Cloud - Compute', unblended: '24.144000000000' },
      { service: 'Claude Sonnet 4.6 (Amazon Bedrock Edition)', unblended: '12.450000000100' },
    ]);
  });

  it('exits 2 naming the file and field of a bad amount, and writes nothing', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-03-01', End: '2026-03-02' },
            Total: { UnblendedCost: { Amount: 'abc', Unit: 'USD' } },
          },
        ],
      }),
    );
    const store = join(dir, 'lake-bad');
    const result = run(['ingest', 'cost-explorer', '--from-file', bad, '--store', store]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad.json: ResultsByTime[0].Total.UnblendedCost.Amount');
    expect(spawnSync('ls', [store]).status).not.toBe(0);
  });
});
