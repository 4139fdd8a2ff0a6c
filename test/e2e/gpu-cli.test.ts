import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const fx = (name: string) => join(process.cwd(), 'test/fixtures/gpu', name);

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'gpu-e2e-'));
});

describe('genai-finops ingest gpu-metrics', () => {
  it('ingests saved responses, prints one JSON line, and sql reads the hourly utilization', () => {
    const store = join(dir, 'lake');
    const resources = [
      'describe-instances.json',
      'describe-endpoint.json',
      'describe-endpoint-config.json',
      'get-resources.json',
    ].map(fx);
    const a = run([
      'ingest',
      'gpu-metrics',
      '--from-file',
      fx('ec2-pages.json'),
      '--request',
      fx('ec2-request.json'),
      '--resources',
      ...resources,
      '--store',
      store,
      '--json',
    ]);
    expect(a.status).toBe(0);
    expect(JSON.parse(a.stdout.trim())).toMatchObject({ rowsWritten: 2, metricsRequested: 32 });
    expect(a.stderr).toContain('Ingested GPU metrics');
    const b = run([
      'ingest',
      'gpu-metrics',
      '--from-file',
      fx('search-response.json'),
      '--resources',
      ...resources,
      '--store',
      store,
    ]);
    expect(b.status).toBe(0);
    const q = run([
      'sql',
      '--store',
      store,
      '--format',
      'json',
      'SELECT source, resource_id, gpu_count, gpu_util_avg FROM gpu_hourly ORDER BY hour, source',
    ]);
    expect(q.status).toBe(0);
    const rows = q.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const flat = Array.isArray(rows[0]) ? rows[0] : rows;
    expect(flat.map((r: { source: string; gpu_util_avg: number }) => [r.source, r.gpu_util_avg])).toEqual([
      ['ec2', 60],
      ['eks', 50],
      ['sagemaker', 50],
      ['eks', 50],
      ['ec2', 37.5],
      ['sagemaker', 80],
    ]);
  });

  it('prints a request of SEARCH expressions with self-describing labels', () => {
    const r = run(['ingest', 'gpu-metrics', '--print-request', '--from', '2026-03-01', '--to', '2026-03-02']);
    expect(r.status).toBe(0);
    const req = JSON.parse(r.stdout);
    expect(req.StartTime).toBe('2026-03-01T00:00:00.000Z');
    expect(req.EndTime).toBe('2026-03-03T00:00:00.000Z');
    expect(req.MetricDataQueries).toHaveLength(10); // ec2: 4 (util Average/Maximum, memory used/total), sagemaker: 3, eks: 3
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudWatch dynamic label, not a JS template.
    expect(req.MetricDataQueries[0].Label).toContain("${PROP('Dim.InstanceId')}");
  });

  it('exits 2 naming the file and field of a malformed response, writing nothing', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        MetricDataResults: [
          {
            Id: 'a',
            Label: 'CWAgent|nvidia_smi_utilization_gpu|Average|InstanceId=i-1|index=0',
            Timestamps: ['2026-03-02T00:00:00Z'],
            Values: [],
          },
        ],
      }),
    );
    const r = run(['ingest', 'gpu-metrics', '--from-file', bad, '--store', join(dir, 'empty')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json: MetricDataResults[0].Values has 0 values for 1 timestamps');
    expect(spawnSync('ls', [join(dir, 'empty')]).status).not.toBe(0);
  });
});
