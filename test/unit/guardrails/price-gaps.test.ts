import { describe, expect, it } from 'vitest';
import { budgetSchema } from '../../../shared/config/guardrails-schema';
import { budgetStatus } from '../../../shared/guardrails/budget-status';
import type { IdentityCalls } from '../../../shared/guardrails/identity-usage';
import { fillPriceGaps, hasPriceGaps } from '../../../shared/guardrails/price-gaps';
import type { SpendRow } from '../../../shared/guardrails/spend-rows';

const cell = { team: 'search', feature: 'rag', environment: 'dev', model: 'amazon.nova-lite-v1:0' };
const row = (day: string, cost: bigint | null, over: Partial<SpendRow> = {}): SpendRow => ({
  day,
  ...cell,
  cost,
  estimated: cost === null,
  invocations: 4,
  ...over,
});
const call = (
  day: string,
  identity: string,
  cost: bigint | null,
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
    const rows = [row('2026-11-19', 2_150_000n), row('2026-11-20', null)];
    const calls = [
      call('2026-11-20', 'arn:a', 50_000n),
      call('2026-11-20', 'arn:b', 34_000n),
      call('2026-11-20', 'arn:c', 9_000_000n, { feature: 'chat' }),
      call('2026-11-19', 'arn:a', 7_000_000n),
    ];
    expect(hasPriceGaps(rows)).toBe(true);
    const filled = fillPriceGaps(rows, calls);
    expect(filled[0]).toBe(rows[0]);
    expect(filled[1]?.cost).toBe(84_000n);
    expect(filled[1]?.estimated).toBe(true);
    expect(hasPriceGaps(filled)).toBe(false);
  });

  describe('when the price book cannot price the cell either', () => {
    it('leaves the row unpriced, never $0, and budget status counts its calls', () => {
      const rows = [row('2026-11-19', 2_150_000n), row('2026-11-20', null, { model: 'acme.mystery-v1' })];
      const filled = fillPriceGaps(rows, [call('2026-11-20', 'arn:a', null, { model: 'acme.mystery-v1' })]);
      expect(filled[1]?.cost).toBeNull();
      const budget = budgetSchema.parse({ name: 'search', team: 'search', monthly: 10 });
      const [status] = budgetStatus(budget, filled, Date.parse('2026-11-20T18:00:00Z'), [50, 80, 100]);
      expect(status?.spent).toBe(2_150_000n);
      expect(status?.unpricedCalls).toBe(4);
    });
  });
});
