import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { estimatePipelineCost, PIPELINE_PRICES } from '../../../shared/estimate';
import { main } from '../../../src/cli/main';

async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    stdout += String(c);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    stderr += String(c);
    return true;
  });
  const status = await main(['node', 'genai-finops', ...args]);
  vi.restoreAllMocks();
  return { status, stdout, stderr };
}
afterEach(() => vi.restoreAllMocks());

describe('estimatePipelineCost', () => {
  const scale = { invocationsPerDay: 1_000_000, teams: 50, gpus: 200, streams: 20 };
  const estimate = estimatePipelineCost(scale);
  const line = (item: string) => estimate.lines.find((l) => l.item === item);

  it('returns the line items, each priced from a dated, sourced price', () => {
    expect(estimate.lines.length).toBeGreaterThanOrEqual(15);
    for (const price of Object.values(PIPELINE_PRICES)) {
      expect(price.seen).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.source.length).toBeGreaterThan(5);
    }
    expect(estimate.listUsd).toBeCloseTo(
      estimate.lines.reduce((t, l) => t + l.listUsd, 0),
      9,
    );
  });

  it('prices Cost Explorer at 7 requests a daily run and GetMetricData per metric requested', () => {
    expect(line('Cost Explorer requests')).toMatchObject({ quantity: 210, listUsd: 2.1 });
    expect(line('GetMetricData metrics')?.quantity).toBe(200 * 4 * 720);
    expect(line('GetMetricData metrics')?.listUsd).toBeCloseTo(5.76, 6);
  });

  it('applies free tiers only where they exist', () => {
    expect(line('Lambda duration')?.afterFreeUsd).toBe(0);
    expect(line('Cost Explorer requests')?.afterFreeUsd).toBe(2.1);
    expect(line('CloudWatch custom metrics (EMF)')?.afterFreeUsd).toBeCloseTo(9 * 0.3, 9);
    expect(estimate.afterFreeUsd).toBeLessThan(estimate.listUsd);
  });

  it('grows with invocations, teams and GPUs', () => {
    const bigger = estimatePipelineCost({ ...scale, invocationsPerDay: 10_000_000, gpus: 400 });
    expect(bigger.listUsd).toBeGreaterThan(estimate.listUsd);
    expect(
      estimatePipelineCost({ ...scale, gpus: 0 }).lines.find((l) => l.item === 'GetMetricData metrics')
        ?.listUsd,
    ).toBe(0);
  });
});

describe('genai-finops estimate-cost', () => {
  it('prints every line and the total', async () => {
    const out = await run(
      'estimate-cost',
      '--invocations-per-day',
      '1000000',
      '--teams',
      '50',
      '--gpus',
      '200',
    );
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/GetMetricData metrics/);
    expect(out.stdout).toMatch(/^total\s+\$\s*\d+\.\d\d \$\s*\d+\.\d\d$/m);
  });

  it('prints JSON with --json', async () => {
    const out = await run('estimate-cost', '--invocations-per-day', '1000', '--json');
    expect(JSON.parse(out.stdout).scale).toEqual({
      invocationsPerDay: 1000,
      teams: 10,
      gpus: 0,
      streams: 20,
    });
  });

  it('exits 2 naming a bad option', async () => {
    const out = await run('estimate-cost', '--invocations-per-day', 'many');
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/--invocations-per-day/);
  });
});

describe('genai-finops config check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the effective configuration with defaults filled in', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ notifications: { teams: { support: ['ana@example.com'] } } }));
    const out = await run('config', 'check', file);
    expect(out.status).toBe(0);
    const effective = JSON.parse(out.stdout);
    expect(effective.ingest.schedule).toBe('rate(15 minutes)');
    expect(effective.notifications.teams).toEqual({ support: ['ana@example.com'] });
  });

  it('exits 2 naming the key of an invalid value', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ingest: { lookbackHours: -1 } }));
    const out = await run('config', 'check', file);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/ingest\.lookbackHours/);
    expect(out.stdout).toBe('');
  });

  it('exits 2 on a missing file', async () => {
    const out = await run('config', 'check', join(dir, 'none.json'));
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/configuration not found/);
  });
});
