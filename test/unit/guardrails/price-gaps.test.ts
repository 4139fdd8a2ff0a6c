import { describe, expect, it } from 'vitest';
import { budgetSchema } from '../../../shared/config/guardrails-schema';
import { budgetStatus } from '../../../shared/guardrails/budget-status';
import type { IdentityCalls } from '../../../shared/guardrails/identity-usage';
import { fillPriceGaps, hasPriceGaps } from '../../../shared/guardrails/price-gaps';
import type { SpendRow } from '../../../shared/guardrails/spend-rows';

const cell = { team: 'search', feature: 'rag', environment: 'dev', model: 'amazon.nova-lite-v1:0' };
const row = (day: string, cost: number, over: Partial<SpendRow> = {}): SpendRow => ({
  day,
  ...cell,
  cost,
  estimated: Number.isNaN(cost),
  invocations: 4,
  ...over,
});
const call = (
  day: string,
  identity: string,
  cost: number,
  over: Partial<IdentityCalls> = {},
): IdentityCalls => ({
  day,
  identity,
  account: '111122223333',
  region: 'us-east-1',
  ...cell,
  invocations: 2,
  cost,
  ...over,
});

describe('fillPriceGaps', () => {
  it('returns unpriced rows priced from the per-identity estimate of the same cell, marked estimate', () => {
    const rows = [row('2026-11-19', 2.15), row('2026-11-20', Number.NaN)];
    const calls = [
      call('2026-11-20', 'arn:a', 0.05),
      call('2026-11-20', 'arn:b', 0.034),
      call('2026-11-20', 'arn:c', 9, { feature: 'chat' }),
      call('2026-11-19', 'arn:a', 7),
    ];
    expect(hasPriceGaps(rows)).toBe(true);
    const filled = fillPriceGaps(rows, calls);
    expect(filled[0]).toBe(rows[0]);
    expect(filled[1]?.cost).toBeCloseTo(0.05 + 0.034, 10);
    expect(filled[1]?.estimated).toBe(true);
    expect(hasPriceGaps(filled)).toBe(false);
  });

  describe('when the price book cannot price the cell either', () => {
    it('leaves the row unpriced, never $0, and budget status counts its calls', () => {
      const rows = [row('2026-11-19', 2.15), row('2026-11-20', Number.NaN, { model: 'acme.mystery-v1' })];
      const filled = fillPriceGaps(rows, [
        call('2026-11-20', 'arn:a', Number.NaN, { model: 'acme.mystery-v1' }),
      ]);
      expect(Number.isNaN(filled[1]?.cost)).toBe(true);
      const budget = budgetSchema.parse({ name: 'search', team: 'search', monthly: 10 });
      const [status] = budgetStatus(budget, filled, Date.parse('2026-11-20T18:00:00Z'), [50, 80, 100]);
      expect(status?.spent).toBe(2.15);
      expect(status?.unpricedCalls).toBe(4);
    });
  });
});
