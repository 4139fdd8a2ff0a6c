import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import type { SqlValue } from '../../../shared/ports';
import type { PriceRow } from '../../../shared/pricing/price-row';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { renderQuery } from '../../../shared/sql/queries';
import { writeLake } from '../../support/finops-lake';

const LITE = 'amazon.nova-lite-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const base = { feature: 'chat', environment: 'prod' };
const M = 1_000_000;

/** Nova Lite input at $0.12/1M from 2026-03-06 (shipped: $0.06). */
const priceChange: PriceRow = {
  ...(shippedPriceBook().find((r) => r.item === LITE && r.charge === 'input') as PriceRow),
  effectiveDate: '2026-03-06',
  price: '0.12',
  source: 'test: a price change',
  sourceDate: '2026-03-06',
};

let engine: DuckDbEngine;
beforeAll(async () => {
  const dir = writeLake({
    prices: [...shippedPriceBook(), priceChange],
    invocations: [
      // 03-02: list weights 1 : 4 : 1 (0.06, 0.24, 0.06); one failed call with no tokens.
      { day: '2026-03-02', model: LITE, team: 'a', ...base, input: M },
      { day: '2026-03-02', model: LITE, team: 'a', ...base, error: 'ThrottlingException' },
      { day: '2026-03-02', model: LITE, team: 'b', ...base, output: M },
      { day: '2026-03-02', model: LITE, team: 'c', ...base, input: M },
      // 03-03: a mapped and an unmapped usage type.
      { day: '2026-03-03', model: LITE, team: 'a', ...base, input: M },
      { day: '2026-03-03', model: LITE, team: 'b', ...base, output: M },
      // 03-05 and 03-06: no bill; an unknown model.
      { day: '2026-03-05', model: LITE, team: 'a', ...base, input: M },
      { day: '2026-03-05', model: 'acme.mystery-v1', team: 'b', ...base, input: 10, output: 10 },
      { day: '2026-03-06', model: LITE, team: 'a', ...base, input: M },
      // 03-07: Claude billed through AWS Marketplace, global profile.
      { day: '2026-03-07', model: HAIKU, modelId: `global.${HAIKU}`, team: 'x', ...base, input: M },
      { day: '2026-03-07', model: HAIKU, modelId: `global.${HAIKU}`, team: 'y', ...base, output: M },
    ],
    costs: [
      { day: '2026-03-02', service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-input-tokens', cost: '0.12' },
      {
        day: '2026-03-02',
        service: 'Amazon Bedrock',
        usageType: 'USE1-NovaLite-output-tokens',
        cost: '0.25',
      },
      { day: '2026-03-03', service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-input-tokens', cost: '0.6' },
      { day: '2026-03-03', service: 'Amazon Bedrock', usageType: 'USE1-Mystery9-output-tokens', cost: '0.1' },
      // 03-04: billed with no usage logged.
      { day: '2026-03-04', service: 'Amazon Bedrock', usageType: 'USE1-NovaPro-output-tokens', cost: '0.05' },
      {
        day: '2026-03-07',
        service: 'Claude Haiku 4.5 (Amazon Bedrock Edition)',
        usageType: 'USE1-MP:USE1_InputTokenCount_Global-Units',
        cost: '2.5',
        estimated: true,
      },
      // Never Bedrock spend.
      {
        day: '2026-03-07',
        service: 'Amazon Elastic Compute Cloud - Compute',
        usageType: 'BoxUsage:p4d.24xlarge',
        cost: '100',
        quantity: '4.554',
        unit: 'Hrs',
      },
    ],
  });
  engine = await DuckDbEngine.open(dir);
});
afterAll(async () => {
  await engine?.close();
});

type Row = Record<string, SqlValue>;
async function allocation(day: string, price_date = ''): Promise<Row[]> {
  const sql = renderQuery('allocation', { from: day, to: day, unattributed: 'unattributed', price_date });
  return (await engine.query(sql)).rows;
}
const pick = (rows: Row[]) => rows.map((r) => [r.model, r.team, r.allocated_cost, r.estimated]);

describe('allocation', () => {
  it('returns the contract columns first, in order', async () => {
    const sql = renderQuery('allocation', {
      from: '2026-03-02',
      to: '2026-03-02',
      unattributed: 'unattributed',
    });
    const names = (await engine.query(sql)).columns.map((c) => c.name);
    expect(names.slice(0, 7)).toEqual([
      'usage_date',
      'model',
      'team',
      'feature',
      'environment',
      'allocated_cost',
      'estimated',
    ]);
  });

  it('splits the bill by price-weighted tokens, largest remainder to the cent', async () => {
    // 0.37 × 1/6 = 0.0617, × 4/6 = 0.2467: floors 6 + 24 + 6 = 36, the missing cent goes to b (.67).
    expect(pick(await allocation('2026-03-02'))).toEqual([
      [LITE, 'a', '0.06', false],
      [LITE, 'b', '0.25', false],
      [LITE, 'c', '0.06', false],
    ]);
  });

  it('spreads a usage type that maps to no model over the day, never drops it', async () => {
    // 0.60 by 1:4 = 0.12 / 0.48; unmapped 0.10 by the day's list weights 1:4 = 0.02 / 0.08.
    expect(pick(await allocation('2026-03-03'))).toEqual([
      [LITE, 'a', '0.14', false],
      [LITE, 'b', '0.56', false],
    ]);
  });

  it('gives spend with no usage to unattributed', async () => {
    expect(pick(await allocation('2026-03-04'))).toEqual([
      ['amazon.nova-pro-v1:0', 'unattributed', '0.05', false],
    ]);
  });

  it('allocates Marketplace (Amazon Bedrock Edition) spend to its model, not EC2', async () => {
    // 2.50 by 1:5 ($1 input, $5 output at global prices): 0.4167 / 2.0833 → 0.42 / 2.08.
    const rows = await allocation('2026-03-07');
    expect(pick(rows)).toEqual([
      [HAIKU, 'x', '0.42', true],
      [HAIKU, 'y', '2.08', true],
    ]);
  });

  describe('without a bill', () => {
    it('estimates tokens × list prices, estimated = true, and an unknown model as unpriced (NULL), not $0', async () => {
      const rows = await allocation('2026-03-05');
      expect(rows.map((r) => [r.model, r.allocated_cost, r.estimated, r.unpriced])).toEqual([
        ['acme.mystery-v1', null, true, true],
        [LITE, '0.06', true, false],
      ]);
    });

    it('applies a price change from its date, and re-prices a past day on request', async () => {
      expect((await allocation('2026-03-06'))[0]?.allocated_cost).toBe('0.12');
      expect((await allocation('2026-03-05'))[1]?.allocated_cost).toBe('0.06');
      const repriced = await allocation('2026-03-05', '2026-03-06');
      expect(repriced[1]?.allocated_cost).toBe('0.12');
    });
  });

  it('reads only the window: a day outside it contributes nothing', async () => {
    const sql = renderQuery('allocation', {
      from: '2026-03-08',
      to: '2026-03-31',
      unattributed: 'unattributed',
    });
    expect((await engine.query(sql)).rows).toEqual([]);
  });
});

describe('unit-costs', () => {
  it('counts failed calls in cost per inference and not in cost per successful output', async () => {
    const sql = renderQuery('unitCosts', {
      from: '2026-03-02',
      to: '2026-03-02',
      unattributed: 'unattributed',
    });
    const result = await engine.query(sql);
    expect(result.columns.slice(0, 16).map((c) => c.name)).toEqual([
      'usage_date',
      'team',
      'feature',
      'environment',
      'model',
      'invocations',
      'successful_invocations',
      'input_tokens',
      'output_tokens',
      'cache_read_tokens',
      'cache_write_tokens',
      'allocated_cost',
      'cost_per_inference',
      'cost_per_successful_output',
      'cost_per_1k_tokens',
      'estimated',
    ]);
    const a = result.rows.find((r) => r.team === 'a') as Row;
    expect([a.invocations, a.successful_invocations, a.allocated_cost]).toEqual([2, 1, '0.06']);
    expect([a.cost_per_inference, a.cost_per_successful_output, a.cost_per_1k_tokens]).toEqual([
      '0.03000000',
      '0.06000000',
      '0.00006000',
    ]);
  });
});

describe('estimate-vs-bill', () => {
  it('compares per model and token type and flags a gap beyond the threshold', async () => {
    const sql = renderQuery('estimateVsBill', {
      from: '2026-03-02',
      to: '2026-03-03',
      unattributed: 'unattributed',
    });
    const rows = (await engine.query(sql)).rows.map((r) => [
      r.usage_date,
      r.model,
      r.token_type,
      r.estimated_cost,
      r.billed_cost,
      r.gap,
      r.flagged,
    ]);
    expect(rows).toEqual([
      ['2026-03-02', LITE, 'input', '0.1200000000', '0.1200000000', '0.0000000000', false],
      // 0.25 against 0.24 is 4.17%: within 10%.
      ['2026-03-02', LITE, 'output', '0.2400000000', '0.2500000000', '0.0100000000', false],
      ['2026-03-03', '(unmapped)', 'output', null, '0.1000000000', null, true],
      // 0.60 billed against 0.06 estimated: flagged.
      ['2026-03-03', LITE, 'input', '0.0600000000', '0.6000000000', '0.5400000000', true],
      ['2026-03-03', LITE, 'output', '0.2400000000', null, null, true],
    ]);
  });
});
