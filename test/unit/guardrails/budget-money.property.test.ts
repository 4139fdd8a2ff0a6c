import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import type { BudgetConfig } from '../../../shared/config/guardrails-schema';
import { percentText } from '../../../shared/guardrails/budget-money';
import { budgetStatus } from '../../../shared/guardrails/budget-status';
import { claimCrossings } from '../../../shared/guardrails/crossings';
import { forecastPeriod } from '../../../shared/guardrails/forecast';
import { addDays } from '../../../shared/guardrails/period';
import { type SpendRow, spendFromAllocation } from '../../../shared/guardrails/spend-rows';

/** Cents as the allocation's decimal(20,2) text: 7 → '0.07', 123456 → '1234.56'. */
const centsText = (cents: number): string =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const rowsOf = (cents: readonly { day: number; cents: number }[]): SpendRow[] =>
  spendFromAllocation(
    cents.map((c, i) => ({
      usage_date: `2026-11-${String(c.day).padStart(2, '0')}`,
      model: 'amazon.nova-lite-v1:0',
      team: 'search',
      feature: `f${i % 7}`,
      environment: 'dev',
      allocated_cost: centsText(c.cents),
      estimated: false,
      unpriced: false,
      invocations: 1,
    })),
  );

const AT = Date.parse('2026-11-28T12:00:00Z');

describe('budgetStatus and claimCrossings (property)', () => {
  let dir = '';
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('returns the exact cent sum of any rows, and crosses each threshold exactly when its integers say so', async () => {
    dir = mkdtempSync(join(tmpdir(), 'guardrails-property-'));
    const store = new FolderStore(dir);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ day: fc.integer({ min: 1, max: 28 }), cents: fc.integer({ min: 0, max: 50_000 }) }),
          {
            maxLength: 300,
          },
        ),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 5 }),
        async (rows, amountCents, alertAt) => {
          // The amount as the configuration holds it: a JSON number such as 123.45.
          const budget: BudgetConfig = {
            name: `b${run++}`,
            team: 'search',
            monthly: amountCents / 100,
            alertAt,
          };
          const [status] = budgetStatus(budget, rowsOf(rows), AT, []);
          if (!status) throw new Error('no status');
          const sumCents = rows.reduce((s, r) => s + r.cents, 0);
          expect(status.spent).toBe(BigInt(sumCents) * 10_000n);
          expect(status.amount).toBe(BigInt(amountCents) * 10_000n);
          // Oracle in safe integers: share ≥ t% ⇔ 100 × spent ≥ t × amount.
          const reached = alertAt.filter((t) => 100 * sumCents >= t * amountCents).sort((a, b) => a - b);
          const [crossing] = await claimCrossings(store, [status]);
          expect(crossing?.newlyCrossed ?? []).toEqual(reached);
          // Half up to the whole percent, from the same integers.
          expect(percentText(status.spent, status.amount)).toBe(
            String(Math.floor((200 * sumCents + amountCents) / (2 * amountCents))),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
  it('crosses a threshold that the rows reach exactly, however the spend is split into rows', async () => {
    dir ||= mkdtempSync(join(tmpdir(), 'guardrails-property-'));
    const store = new FolderStore(dir);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 400 }),
        async (dollars, t, weights) => {
          // t% of $dollars is t × dollars cents: split it into rows in proportion to `weights`.
          const target = t * dollars;
          const total = weights.reduce((s, w) => s + w, 0);
          const parts = weights.map((w) => Math.floor((target * w) / total));
          parts[0] = (parts[0] as number) + target - parts.reduce((s, p) => s + p, 0);
          const rows = parts.map((cents, i) => ({ day: 1 + (i % 28), cents }));
          const budget: BudgetConfig = {
            name: `x${run++}`,
            team: 'search',
            monthly: dollars,
            alertAt: [t, t + 1],
          };
          const [status] = budgetStatus(budget, rowsOf(rows), AT, []);
          if (!status) throw new Error('no status');
          const [crossing] = await claimCrossings(store, [status]);
          expect(crossing?.newlyCrossed).toEqual([t]);
          expect(percentText(status.spent, status.amount, 2)).toBe(`${t}.00`);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('forecastPeriod (property)', () => {
  it('returns spent plus the same amount for each day left, to the micro-dollar, for a flat series', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        (perDay, dayOfMonth, spent) => {
          const today = `2026-11-${String(dayOfMonth).padStart(2, '0')}`;
          const daily = new Map<string, bigint>();
          for (let i = 1; i <= 35; i++) daily.set(addDays(today, -i), BigInt(perDay));
          // At midnight: all of today is left, and the days to the end of November.
          const f = forecastPeriod(
            daily,
            BigInt(spent),
            Date.parse(`${today}T00:00:00Z`),
            Date.parse('2026-12-01T00:00:00Z'),
          );
          expect(f.weekday).toEqual([1, 1, 1, 1, 1, 1, 1]);
          expect(f.level).toBe(BigInt(perDay));
          expect(f.total).toBe(BigInt(spent) + BigInt(perDay) * BigInt(31 - dayOfMonth));
        },
      ),
      { numRuns: 200 },
    );
  });
});
