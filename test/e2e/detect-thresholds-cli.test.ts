import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { writeUsage } from '../support/anomaly-lake';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const START = Date.parse('2026-02-01T00:00:00Z');
let dir: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'detect-thresholds-cli-'));
  // 60 calls of 1,000 tokens an hour, flat: only a configured limit can find anything here.
  await writeUsage(new FolderStore(dir), START, 3, [
    {
      team: 'support',
      feature: 'chat',
      environment: 'prod',
      model: 'amazon.nova-lite-v1:0',
      calls: () => 60,
    },
  ]);
});

describe('genai-finops detect --config', () => {
  it('checks anomaly.thresholds from the configuration file and alerts once', () => {
    const config = join(dir, 'genai-finops.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        anomaly: { thresholds: [{ name: 'support-tokens', team: 'support', maxTokensPerHour: 50000 }] },
      }),
    );
    const at = '2026-02-03T10:20:00Z';
    const without = run(['detect', '--store', dir, '--at', at, '--json']);
    expect(without.status, without.stderr).toBe(0);
    expect(JSON.parse(without.stdout.trim()).notified).toBe(0);
    const first = run(['detect', '--store', dir, '--at', at, '--config', config, '--json']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout.trim()).notified).toBe(1);
    const again = run(['detect', '--store', dir, '--at', at, '--config', config, '--json']);
    expect(JSON.parse(again.stdout.trim()).notified).toBe(0);
    const sent = readFileSync(join(dir, '_state/alerts/sent.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('configured maximum of 50000');
  });

  it('names the bad key of an invalid threshold and exits with status 2', () => {
    const config = join(dir, 'bad.config.json');
    writeFileSync(config, JSON.stringify({ anomaly: { thresholds: [{ name: 'x', team: 'support' }] } }));
    const bad = run(['detect', '--store', dir, '--config', config]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('anomaly.thresholds');
  });
});
