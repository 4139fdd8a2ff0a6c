import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import type { BudgetConfig } from '../../../shared/config/guardrails-schema';
import { atOrOver, configMicros, percentText, usd } from '../../../shared/guardrails/budget-money';
import { budgetStatus } from '../../../shared/guardrails/budget-status';
import { claimCrossings } from '../../../shared/guardrails/crossings';
import { identityUsage } from '../../../shared/guardrails/identity-usage';
import { budgetMessage, violationMessage } from '../../../shared/guardrails/messages';
import { spendFromAllocation } from '../../../shared/guardrails/spend-rows';
import type { QueryEngine, SqlValue } from '../../../shared/ports/query-engine';
import type { PriceRow } from '../../../shared/pricing/price-row';

/** 10 days × 80 features of 10 cents, as the allocation query returns them (decimal text). */
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const allocationRows = (cost: string): Record<string, SqlValue>[] =>
  DAYS.flatMap((day) =>
    Array.from({ length: 80 }, (_, f) => ({
      usage_date: day,
      model: 'amazon.nova-lite-v1:0',
      team: 'search',
      feature: `f${f}`,
      environment: 'dev',
      allocated_cost: cost,
      estimated: false,
      unpriced: false,
      list_cost: cost,
      invocations: 1,
    })),
  );
const AT = Date.parse('2026-11-11T06:00:00Z');
const budget: BudgetConfig = { name: 'search-dev', team: 'search', environment: 'dev', monthly: 100 };

describe('budget money', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('returns 800 rows of $0.10 as exactly $80.00, and 80% of $100 crossed once', async () => {
    // The premise: the same sum in floats is short of 80 (per day, then over the days, as before).
    const floatSpent = DAYS.reduce(
      (s) => s + Array.from({ length: 80 }).reduce<number>((d) => d + 0.1, 0),
      0,
    );
    expect((floatSpent / 100) * 100 < 80).toBe(true);

    const rows = spendFromAllocation(allocationRows('0.10'));
    const [status] = budgetStatus(budget, rows, AT, [50, 80, 100]);
    expect(status?.spent).toBe(80_000_000n);
    expect(status?.amount).toBe(100_000_000n);
    expect(percentText(status?.spent ?? 0n, status?.amount ?? 1n, 2)).toBe('80.00');

    dir = mkdtempSync(join(tmpdir(), 'guardrails-exact-'));
    const store = new FolderStore(dir);
    const first = await claimCrossings(store, status ? [status] : []);
    expect(first.map((c) => [c.newlyCrossed, c.threshold])).toEqual([[[50, 80], 80]]);
    expect(await claimCrossings(store, status ? [status] : [])).toEqual([]);
  });

  describe('one micro-dollar short of the threshold', () => {
    it('returns no crossing of 80%: nothing rounds the share up', () => {
      const status = budgetStatus(
        { ...budget, alertAt: [80] },
        spendFromAllocation([{ ...(allocationRows('79.999999')[0] as Record<string, SqlValue>) }]),
        AT,
        [],
      )[0];
      expect(status?.spent).toBe(79_999_999n);
      expect(atOrOver(status?.spent ?? 0n, status?.amount ?? 1n, configMicros(80, 'alertAt'))).toBe(false);
      expect(percentText(status?.spent ?? 0n, status?.amount ?? 1n, 2)).toBe('80.00');
      expect(percentText(status?.spent ?? 0n, status?.amount ?? 1n, 6)).toBe('79.999999');
    });
  });

  it('returns the messages with exact dollars, shares rounded half up and JSON money as decimal text', () => {
    const rows = spendFromAllocation([
      ...allocationRows('0.10').slice(0, 3),
      { ...(allocationRows('1234.56')[0] as Record<string, SqlValue>), feature: 'big' },
    ]);
    const [status] = budgetStatus({ ...budget, monthly: 2000 }, rows, AT, [50]);
    if (!status) throw new Error('no status');
    const message = budgetMessage({ status, threshold: 50, newlyCrossed: [50], forecastOver: false });
    // $1,234.56 + 3 × $0.10 = $1,234.86 of $2,000 = 61.743%.
    expect(message.text).toContain('Spent $1,234.86 of $2,000.00 (62%).');
    expect(message.subject).toBe('genai-finops budget search-dev reached 50% ($1,234.86 of $2,000.00)');
    expect(message.json).toMatchObject({ spent: '1234.860000', amount: '2000.000000' });
    expect(JSON.parse(JSON.stringify(message.json))).toMatchObject({ spent: '1234.860000' });
  });

  it('returns a violation message whose cost is exact text, or null and "unpriced" without a price', () => {
    const v = {
      day: '2026-11-11',
      identity: 'arn:aws:sts::111122223333:assumed-role/dev/alice',
      account: '111122223333',
      region: 'us-east-1',
      model: 'acme.mystery-v1',
      team: 'search',
      feature: 'rag',
      environment: 'dev',
      invocations: 3,
      verdict: 'disallowed' as const,
    };
    expect(violationMessage({ ...v, cost: 84_000n }).json).toMatchObject({ cost: '0.084000' });
    const unpriced = violationMessage({ ...v, cost: null });
    expect(unpriced.json).toMatchObject({ cost: null });
    expect(unpriced.text).toContain('3 calls on 2026-11-11, unpriced.');
    expect(usd(-1_005_000n)).toBe('-$1.01');
  });

  describe('configMicros', () => {
    it('returns what was written (0.1 → 100000) and names the key beyond 6 decimals', () => {
      expect(configMicros(0.1, 'k')).toBe(100_000n);
      expect(configMicros(12.345678, 'k')).toBe(12_345_678n);
      expect(() => configMicros(0.0000001, 'guardrails.budgets x.daily')).toThrow(
        /guardrails.budgets x.daily/,
      );
    });
  });
});

describe('identityUsage', () => {
  const book = (charge: 'input' | 'output', price: string): PriceRow => ({
    effectiveDate: '2024-01-01',
    item: 'amazon.nova-lite-v1:0',
    itemKind: 'model',
    region: 'us-east-1',
    scope: 'in-region',
    tier: 'standard',
    charge,
    unit: '1M tokens',
    price,
    currency: 'USD',
    billingNames: null,
    source: 'test',
    sourceDate: '2024-01-01',
  });

  it('returns tokens × the book’s decimal prices exactly (a float gives 0.08399999999999999)', async () => {
    const engine: QueryEngine = {
      query: async () => ({
        columns: [],
        bytesScanned: 0,
        engine: 'duckdb',
        rows: [
          {
            usage_date: '2026-11-11',
            identity_arn: 'arn:a',
            account_id: '111122223333',
            region: 'us-east-1',
            model: 'amazon.nova-lite-v1:0',
            team: 'search',
            feature: 'rag',
            environment: 'dev',
            invocations: 4,
            input_tokens: 1_000_000,
            output_tokens: 100_000,
            cache_read_tokens: 0,
            cache_write_tokens: 9_007_199_254_740_993n,
          },
        ],
      }),
      close: async () => {},
    };
    expect(1e6 * (0.06 / 1e6) + 1e5 * (0.24 / 1e6)).not.toBe(0.084);
    const tally = { queries: 0, bytesScanned: 0 };
    const window = { from: '2026-11-11', to: '2026-11-11' };
    const [call] = await identityUsage(engine, tally, window, [
      book('input', '0.06'),
      book('output', '0.24'),
    ]);
    // Cache writes are charged the input price: 9007199254740993 × $0.06 / 1M = $540431955.28445958 (to the micro).
    expect(call?.cost).toBe(84_000n + 540_431_955_284_460n);
    const [unpriced] = await identityUsage(engine, tally, window, [book('input', '0.06')]);
    expect(unpriced?.cost).toBeNull();
  });
});
