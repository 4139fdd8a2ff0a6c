import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../../shared/bedrock';
import { type AppConfig, parseConfig } from '../../../shared/config';
import { HOUR_MS } from '../../../shared/lake/utc';
import { fixedClock } from '../../../shared/ports';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { writePriceBook } from '../../../shared/pricing/write-prices';
import { runQueries } from '../../../shared/sql/finops/run-queries';
import { generateSyntheticLogs } from '../../../src/demo';
import { UNLOGGED_TRAFFIC } from '../../../src/demo/bill-lines';
import { type DemoBills, ingestDemoBills } from '../../../src/demo/demo-bills';
import { FLEET } from '../../../src/demo/gpu-fleet';

const START = Date.parse('2026-03-02T00:00:00Z');
const HOURS = 36;
const range = { from: '2026-03-01', to: '2026-03-03' };
const clock = fixedClock('2026-03-03T12:00:00Z');
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';

let engine: DuckDbEngine;
let config: AppConfig;
let bills: DemoBills;
let lake: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-bills-'));
  lake = join(dir, 'lake');
  const raw = new FolderStore(join(dir, 'raw'));
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 11,
    start: new Date(START),
    hours: HOURS,
    invocationsPerHour: 40,
    bodies: 'small',
    faults: { duplicates: 0.01, lateArrivals: 0.01 },
  });
  config = parseConfig(truth.config);
  const store = new FolderStore(lake);
  await ingestBedrockLogs({ source: raw, store, config, clock });
  await writePriceBook(store, shippedPriceBook());
  engine = await DuckDbEngine.open(lake);
  bills = await ingestDemoBills({
    engine,
    store,
    config,
    clock,
    book: shippedPriceBook(),
    dir: join(dir, 'cost-explorer'),
    fleet: FLEET,
    fleetStart: START + 12 * HOUR_MS,
    fleetHours: 24,
    estimatedFrom: '2026-03-03',
  });
}, 120_000);
afterAll(async () => {
  await engine?.close();
});

const cents = (text: unknown) => Math.round(Number(text) * 100);

describe('the demo bill', () => {
  it('saves a multi-page SERVICE x USAGE_TYPE response and a team response as the CLI prints them', () => {
    expect(bills.saved.pages).toBeGreaterThan(0);
    const first = JSON.parse(readFileSync(bills.saved.files[0] as string, 'utf8'));
    expect(first.GroupDefinitions).toEqual([
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
    ]);
    expect(first.ResultsByTime[0].Total).toEqual({});
    const services = new Set(
      first.ResultsByTime.flatMap((p: { Groups: { Keys: string[] }[] }) => p.Groups.map((g) => g.Keys[0])),
    );
    expect(services).toContain('Claude Sonnet 4.5 (Amazon Bedrock Edition)');
    expect(services).toContain('Amazon Bedrock');
    expect(bills.summary.partitionsFailed).toEqual([]);
  });

  it('adds up, once ingested, to the bill it wrote', async () => {
    const r = await engine.query(
      `SELECT service, CAST(SUM(unblended_cost) AS VARCHAR) AS billed FROM cost_daily GROUP BY service`,
    );
    const of = (s: string) => r.rows.filter((x) => String(x.service) === s).map((x) => Number(x.billed));
    expect(of('Amazon Bedrock')[0]).toBeCloseTo(Number(bills.bedrock), 9);
    expect(of('Amazon SageMaker')[0]).toBeCloseTo(Number(bills.sagemaker), 9);
    expect(Number(bills.marketplace)).toBeGreaterThan(0);
    expect(Number(bills.ec2)).toBeGreaterThan(0);
  });

  it('is allocated to teams to the cent, every day', async () => {
    const run = await runQueries(engine, ['allocation'], {
      ...range,
      unattributed: config.attribution.unattributed,
    });
    const allocated = new Map<string, number>();
    for (const row of run.results[0]?.result.rows ?? []) {
      const day = String(row.usage_date);
      allocated.set(day, (allocated.get(day) ?? 0) + cents(row.allocated_cost));
    }
    const billed = await engine.query(
      `SELECT CAST(dt AS VARCHAR) AS day, CAST(SUM(unblended_cost) AS VARCHAR) AS billed FROM cost_daily
       WHERE service = 'Amazon Bedrock' OR service LIKE '%(Amazon Bedrock Edition)' GROUP BY dt`,
    );
    expect(billed.rows.length).toBeGreaterThanOrEqual(2);
    for (const row of billed.rows) {
      expect(allocated.get(String(row.day))).toBe(Math.round(Number(row.billed) * 100));
    }
  });

  it('matches the list-price estimate except for the deliberate gap and the unlisted model', async () => {
    const run = await runQueries(engine, ['estimateVsBill'], {
      ...range,
      unattributed: config.attribution.unattributed,
    });
    const rows = run.results[0]?.result.rows ?? [];
    const priced = rows.filter(
      (r) => r.model !== UNLOGGED_TRAFFIC.model && r.model !== HAIKU_35 && r.model !== '(unmapped)',
    );
    expect(priced.some((r) => r.model === SONNET)).toBe(true);
    for (const r of priced) {
      expect(Math.abs(Number(r.gap)), `${r.usage_date} ${r.model} ${r.token_type}`).toBeLessThan(1e-9);
      expect(r.flagged).toBe(false);
    }
    const gap = rows.filter((r) => r.model === UNLOGGED_TRAFFIC.model && r.token_type === 'input');
    expect(gap.length).toBeGreaterThan(0);
    for (const r of gap) {
      expect(Number(r.gap_pct)).toBeGreaterThan(11);
      expect(Number(r.gap_pct)).toBeLessThan(13);
      expect(r.flagged).toBe(true);
    }
    expect(rows.some((r) => r.model === HAIKU_35 && r.unpriced === true)).toBe(true);
  });

  it('bills the GPU fleet at the rates gpu-efficiency then reads from it', async () => {
    const r = await engine.query(
      `SELECT usage_type, CAST(SUM(usage_quantity) AS VARCHAR) AS hours, CAST(SUM(unblended_cost) AS VARCHAR) AS cost
       FROM cost_daily WHERE usage_type IN ('BoxUsage:p4d.24xlarge', 'USE1-Host:ml.g5.12xlarge') GROUP BY usage_type ORDER BY usage_type`,
    );
    // chat-prod and summarize-prod are both ml.g5.12xlarge endpoints.
    const endpoints = FLEET.filter((m) => m.instanceType === 'ml.g5.12xlarge').length;
    expect(endpoints).toBe(2);
    expect(r.rows.map((x) => [x.usage_type, Number(x.hours), Number(x.cost)])).toEqual([
      ['BoxUsage:p4d.24xlarge', 24, 24 * 21.957642],
      ['USE1-Host:ml.g5.12xlarge', 24 * endpoints, 24 * endpoints * 5.672],
    ]);
  });
});
