import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../shared/config';
import {
  cents,
  costExplorerRequestsPerMonth,
  customMetricCount,
  estimatePipelineCost,
  MEASURED,
  metricsPerGpuMonth,
  PIPELINE_PRICES,
} from '../../../shared/estimate';
import { SCALE } from '../../../shared/estimate/money';
import { monthlyUsage } from '../../../shared/estimate/usage';
import { toUnscaled } from '../../../shared/lake/decimal';
import {
  CURATED_RETENTION_DAYS,
  RAW_LOG_RETENTION_DAYS,
  STAGING_COLD_AFTER_DAYS,
} from '../../../shared/lake/retention';
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

/** Exact decimal text as an integer at the estimate's scale. */
const usdUnits = (text: string): bigint => toUnscaled(text, { precision: 38, scale: SCALE }, 'amount');

describe('estimatePipelineCost', () => {
  const scale = { invocationsPerDay: 1_000_000, teams: 50, gpus: 200, streams: 20 };
  const estimate = estimatePipelineCost(scale);
  const line = (item: string) => estimate.lines.find((l) => l.item === item);
  const amount = (text: string | undefined) => usdUnits(text ?? 'missing');

  it('returns the line items, each priced from a dated, sourced price, and totals that add up exactly', () => {
    expect(estimate.lines.length).toBeGreaterThanOrEqual(20);
    for (const price of Object.values(PIPELINE_PRICES)) {
      expect(price.seen).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.source.length).toBeGreaterThan(5);
      expect(price.usd).toMatch(/^\d+(\.\d+)?$/);
    }
    expect(amount(estimate.listUsd)).toBe(estimate.lines.reduce((t, l) => t + amount(l.listUsd), 0n));
    expect(amount(estimate.afterFreeUsd)).toBe(
      estimate.lines.reduce((t, l) => t + amount(l.afterFreeUsd), 0n),
    );
  });

  it('says whether the month is under the $10 target after the always-free tiers', () => {
    expect(estimate.underTarget).toBe(amount(estimate.afterFreeUsd) < amount('10'));
    // The list total is above it: the free tiers (CloudWatch metrics, alarms, dashboard, Lambda) matter.
    expect(amount(estimate.listUsd)).toBeGreaterThan(amount(estimate.afterFreeUsd));
  });

  it('counts detection as the code sends it (1 query a run, 2 more an hour, 2 an alert) and the guardrails scans', () => {
    // What the code does (counted by test/integration/anomaly/detect-hourly.test.ts).
    expect(MEASURED.detectionQueriesPerRun).toBe(1);
    expect(MEASURED.detectionQueriesPerHour).toBe(2);
    expect(MEASURED.guardrailQueriesPerRun).toBe(2);
    const runs = 96 * 30;
    const hours = 24 * 30;
    const alerts = 50 * 4;
    expect(line('Athena scans (detection)')?.quantity).toBeCloseTo(
      ((runs * 1 + hours * 2 + alerts * MEASURED.detectionQueriesPerAlert) * 10_000_000) / 1e12,
      9,
    );
    // Reading every family every run, as detection did (6 queries), costs more, all of it in Athena lines.
    const everyRun = {
      ...MEASURED,
      detectionQueriesPerRun: 6,
      detectionQueriesPerHour: 0,
      detectionQueriesPerAlert: 0,
    };
    const before = estimatePipelineCost(scale, parseConfig({}), everyRun);
    expect(amount(before.afterFreeUsd)).toBeGreaterThan(amount(estimate.afterFreeUsd));
    const athena = (e: typeof estimate) =>
      e.lines
        .filter(
          (l) =>
            l.item.startsWith('Athena scans (') || (l.item.startsWith('S3 ') && l.item.includes('Athena')),
        )
        .reduce((t, l) => t + amount(l.afterFreeUsd), 0n);
    expect(athena(before) - athena(estimate)).toBe(
      amount(before.afterFreeUsd) - amount(estimate.afterFreeUsd),
    );
    // 43 days of identity_daily for 50 teams is ~2 MB: both queries are billed at the 10 MB minimum.
    expect(43 * 50 * MEASURED.identityDailyBytesPerTeamDay).toBeLessThan(MEASURED.athenaMinimumBytes);
    expect(line('Athena scans (guardrails)')?.quantity).toBeCloseTo((2880 * 2 * 10_000_000) / 1e12, 9);
    // Not the raw rows any more: 2 reads of 43 days of bedrock_invocations would be 12.9 TB.
    expect(line('Athena scans (guardrails)')?.quantity).toBeLessThan((2880 * 2 * 43 * 1e6 * 52) / 1e12 / 100);
  });

  describe('guardrails scans', () => {
    it('grow with teams once identity_daily passes the 10 MB minimum, not with invocations', () => {
      const guardrails = (s: typeof scale) =>
        estimatePipelineCost(s).lines.find((l) => l.item === 'Athena scans (guardrails)')?.quantity;
      const window = 43 * 500 * MEASURED.identityDailyBytesPerTeamDay;
      expect(window).toBeGreaterThan(MEASURED.athenaMinimumBytes);
      expect(guardrails({ ...scale, teams: 500 })).toBeCloseTo(
        (2880 * (window + MEASURED.guardrailAllocationExtraBytes + window)) / 1e12,
        9,
      );
      expect(guardrails({ ...scale, invocationsPerDay: 10_000_000 })).toBe(guardrails(scale));
    });
  });

  it('counts Cost Explorer, GetMetricData and custom metrics from the code that makes them', () => {
    const config = parseConfig({});
    expect(line('Cost Explorer requests')?.quantity).toBe(costExplorerRequestsPerMonth(config.costExplorer));
    // Five planned requests a day (SERVICE, LINKED_ACCOUNT and three tag keys), two-request discovery 6 times.
    expect(line('Cost Explorer requests')?.quantity).toBe(30 * 5 + 6 * 2);
    // Utilization every hourly run, memory used on every gpu.memoryEveryHours-th, the total weekly.
    const memoryRuns = 720 / config.gpu.memoryEveryHours;
    expect(line('GetMetricData metrics')?.quantity).toBe(200 * (720 + memoryRuns + 5));
    expect(metricsPerGpuMonth(config, 720)).toBe(720 + memoryRuns + 5);
    expect(metricsPerGpuMonth(parseConfig({ gpu: { memoryEveryHours: 1 } }), 720)).toBe(2 * 720 + 5);
    expect(line('CloudWatch custom metrics (EMF)')?.quantity).toBe(customMetricCount(config));
    expect(customMetricCount(config)).toBeLessThanOrEqual(10);
    expect(customMetricCount(parseConfig({ report: { metricsTopN: 3 } }))).toBe(5 + 32 * 4);
  });

  it('applies free tiers only where they exist', () => {
    expect(line('Lambda duration')?.afterFreeUsd).toBe('0.00');
    expect(line('Cost Explorer requests')?.afterFreeUsd).toBe(line('Cost Explorer requests')?.listUsd);
    expect(line('CloudWatch custom metrics (EMF)')?.afterFreeUsd).toBe('0.00');
    const published = estimatePipelineCost(scale, parseConfig({ report: { metricsTopN: 10 } }));
    const metrics = published.lines.find((l) => l.item === 'CloudWatch custom metrics (EMF)');
    expect(metrics?.afterFreeUsd).toBe('104.10'); // (5 + 32 x 11 - 10 free) x $0.30
    expect(published.underTarget).toBe(false);
  });

  it('prices the storage the lifecycle rules keep', () => {
    const standard = line('S3 storage (Standard)')?.quantity ?? 0;
    const cold = line('S3 storage (Glacier IR, old staging)')?.quantity ?? 0;
    // Staged extracts: 123 B a record, 400 days, cold after 30.
    expect(cold).toBeCloseTo((1e6 * 123 * (CURATED_RETENTION_DAYS - STAGING_COLD_AFTER_DAYS)) / 1e9, 6);
    expect(standard).toBeGreaterThan(
      (1e6 * (52 * CURATED_RETENTION_DAYS + 375 * RAW_LOG_RETENTION_DAYS)) / 1e9,
    );
    // A small organisation's extracts are under 128 KB: they stay in Standard, no transitions.
    const small = estimatePipelineCost({ ...scale, invocationsPerDay: 10_000 });
    expect(small.lines.find((l) => l.item === 'S3 lifecycle transitions')?.quantity).toBe(0);
  });

  it('grows with invocations, teams and GPUs', () => {
    const bigger = estimatePipelineCost({ ...scale, invocationsPerDay: 10_000_000, gpus: 400 });
    expect(amount(bigger.listUsd)).toBeGreaterThan(amount(estimate.listUsd));
    expect(
      estimatePipelineCost({ ...scale, gpus: 0 }).lines.find((l) => l.item === 'GetMetricData metrics')
        ?.listUsd,
    ).toBe('0.00');
  });
});

describe('genai-finops estimate-cost', () => {
  it('prints every line, both totals and the target', async () => {
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
    const total = (name: string) =>
      new RegExp(`^${name}\\s+\\$\\s*(\\d+\\.\\d\\d)$`, 'm').exec(out.stdout)?.[1];
    const e = estimatePipelineCost({ invocationsPerDay: 1_000_000, teams: 50, gpus: 200, streams: 20 });
    expect(total('total at list price')).toBe(cents(e.listUsd));
    expect(total('total after the always-free tiers')).toBe(cents(e.afterFreeUsd));
    expect(out.stdout).toMatch(
      e.underTarget ? /target: under \$10\.00 .*: met/ : /target: under \$10\.00 .*: NOT met/,
    );
  });

  it('prints JSON with --json, amounts as decimal text', async () => {
    const out = await run('estimate-cost', '--invocations-per-day', '1000', '--json');
    const json = JSON.parse(out.stdout);
    expect(json.scale).toEqual({
      invocationsPerDay: 1000,
      teams: 10,
      gpus: 0,
      streams: 20,
    });
    expect(json.afterFreeUsd).toMatch(/^\d+\.\d{2,18}$/);
  });

  it('prices a given configuration: unit-cost metrics for the top 3 teams add 128 custom metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estimate-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ report: { metricsTopN: 3 } }));
    const out = await run('estimate-cost', '--invocations-per-day', '1000', '--json', '--config', file);
    rmSync(dir, { recursive: true, force: true });
    const metrics = (JSON.parse(out.stdout).lines as { item: string; quantity: number }[]).find(
      (l) => l.item === 'CloudWatch custom metrics (EMF)',
    );
    expect(metrics?.quantity).toBe(5 + 128);
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

describe('report scans', () => {
  const big = { invocationsPerDay: 50_000_000, teams: 50, gpus: 200, streams: 20 };
  const reports = (m = MEASURED) =>
    monthlyUsage(big, parseConfig({}), m).find((l) => l.item === 'Athena scans (reports)')?.quantity ?? 0;

  it('read bedrock_invocations for the recommendation queries only, identity_daily at the 10 MB minimum for the rest', () => {
    const windowDays = 4 * 7 + 30;
    // The widest identity_daily read (a month and the month before, 50 teams) stays under 10 MB.
    expect(
      (30 + MEASURED.reportTrendsExtraDays) * 50 * MEASURED.identityDailyBytesPerTeamDay +
        MEASURED.guardrailAllocationExtraBytes,
    ).toBeLessThan(MEASURED.athenaMinimumBytes);
    expect(reports()).toBeCloseTo(
      (windowDays * MEASURED.reportWindowReads * 50_000_000 * MEASURED.curatedBytesPerRecord +
        5 * MEASURED.reportAggregateQueries * MEASURED.athenaMinimumBytes) /
        1e12,
      9,
    );
  });

  it('cost a quarter of reading every usage query from bedrock_invocations', () => {
    const allRaw = reports({
      ...MEASURED,
      reportWindowReads: MEASURED.reportWindowReads + MEASURED.reportAggregateQueries,
      reportAggregateQueries: 0,
    });
    expect(allRaw).toBeGreaterThan(3.5 * reports());
    // Only the two raw reads grow with invocations.
    const small = monthlyUsage({ ...big, invocationsPerDay: 1_000_000 }, parseConfig({}), MEASURED).find(
      (l) => l.item === 'Athena scans (reports)',
    )?.quantity;
    expect(reports() - (small ?? 0)).toBeCloseTo(
      (58 * MEASURED.reportWindowReads * 49_000_000 * MEASURED.curatedBytesPerRecord) / 1e12,
      9,
    );
  });
});
