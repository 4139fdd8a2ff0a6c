import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { seasonal, writeUsage } from '../support/anomaly-lake';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const START = Date.parse('2026-02-01T00:00:00Z');
const SPIKE_AT = 20 * 24 + 9;
let dir: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'anomaly-cli-'));
  const calls = (h: number) => seasonal(60)(h) * (h >= SPIKE_AT && h < SPIKE_AT + 4 ? 5 : 1);
  await writeUsage(new FolderStore(dir), START, 22, [
    {
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
      model: 'amazon.nova-lite-v1:0',
      calls,
    },
  ]);
});

describe('genai-finops release add, detect, alert', () => {
  it('records a release, alerts once naming it, and takes an ack', () => {
    const release = run([
      'release',
      'add',
      '--store',
      dir,
      '--team',
      'support',
      '--feature',
      'ticket-summary',
      '--version',
      'v2.4.0',
      '--note',
      'longer prompt',
      '--at',
      '2026-02-21T08:40:00Z',
    ]);
    expect(release.status, release.stderr).toBe(0);
    const at = '2026-02-21T11:20:00Z';
    const first = run(['detect', '--store', dir, '--at', at, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout.trim());
    expect(summary.opened).toBe(1);
    expect(summary.notified).toBe(1);
    const again = JSON.parse(run(['detect', '--store', dir, '--at', at, '--json']).stdout.trim());
    expect(again.notified).toBe(0);
    const sent = readFileSync(join(dir, '_state/alerts/sent.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(sent).toHaveLength(1);
    expect(sent[0].subject.length).toBeLessThan(100);
    expect(sent[0].text).toContain('v2.4.0');
    expect(sent[0].attributes).toMatchObject({ team: 'support', environment: 'prod', kind: 'usage' });
    const id = summary.alertIds[0];
    const list = run(['alert', 'list', '--store', dir]);
    expect(list.stdout).toContain(id);
    expect(run(['alert', 'ack', id, '--store', dir, '--by', 'sam']).status).toBe(0);
    expect(run(['alert', 'snooze', id, '--store', dir, '--for', '4h']).status).toBe(0);
    expect(run(['alert', 'ack', 'inc-0000000000', '--store', dir]).status).toBe(2);
    expect(run(['alert', 'list', '--store', dir, '--json']).stdout).toContain(
      '"by": "sam"'.replace(': ', ':'),
    );
  });
});
