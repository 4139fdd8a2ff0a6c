import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { type BudgetConfig, guardrailsSchema } from '../../../shared/config/guardrails-schema';
import { budgetStatus } from '../../../shared/guardrails/budget-status';
import { claimCrossings } from '../../../shared/guardrails/crossings';
import { forecastPeriod } from '../../../shared/guardrails/forecast';
import { addDays, dayStart } from '../../../shared/guardrails/period';
import type { SpendRow } from '../../../shared/guardrails/spend-rows';

/** Whole dollars as micro-dollars. */
const $ = (dollars: number): bigint => BigInt(dollars) * 1_000_000n;

const row = (day: string, cost: bigint, over: Partial<SpendRow> = {}): SpendRow => ({
  day,
  team: 'search',
  feature: 'rag',
  environment: 'dev',
  model: 'anthropic.claude-haiku',
  cost,
  estimated: false,
  invocations: 10,
  ...over,
});

/** `days` days ending the day before `today`: weekdays $100, weekends $20. */
function weeklySeries(today: string, days: number): Map<string, bigint> {
  const series = new Map<string, bigint>();
  for (let i = days; i >= 1; i--) {
    const day = addDays(today, -i);
    const dow = new Date(dayStart(day)).getUTCDay();
    series.set(day, dow === 0 || dow === 6 ? $(20) : $(100));
  }
  return series;
}

describe('forecastPeriod', () => {
  it('returns weekday factors and the remaining days of the month priced by weekday', () => {
    // 2026-03-16 is a Monday; at midnight nothing of the day has passed.
    const at = Date.parse('2026-03-16T00:00:00Z');
    const daily = weeklySeries('2026-03-16', 42);
    const end = Date.parse('2026-04-01T00:00:00Z');
    const f = forecastPeriod(daily, $(1000), at, end);
    // 28 days: 20 weekdays × 100 + 8 weekend days × 20 = 2160 → mean 77.14.
    expect(f.weekday[1]).toBeCloseTo(100 / (2160 / 28), 6);
    expect(f.weekday[0]).toBeCloseTo(20 / (2160 / 28), 6);
    // $77.142857142…, to the micro-dollar.
    expect(f.level).toBe(77_142_857n);
    // 16..31 March: 12 weekdays and 4 weekend days, exactly (level × factor is $100 and $20 again).
    expect(f.total).toBe($(1000 + 12 * 100 + 4 * 20));
    expect(f.fromRunRate).toBe(false);
  });

  it('returns a flat projection without four weeks of history', () => {
    const at = Date.parse('2026-03-16T00:00:00Z');
    const daily = new Map([
      [addDays('2026-03-16', -1), $(50)],
      [addDays('2026-03-16', -2), $(50)],
    ]);
    const f = forecastPeriod(daily, $(100), at, Date.parse('2026-03-18T00:00:00Z'));
    expect(f.weekday).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(f.total).toBe($(100 + 2 * 50));
  });

  describe('a run-up in progress', () => {
    it("returns a level from today's run rate when it exceeds the last week", () => {
      const at = Date.parse('2026-03-16T06:00:00Z');
      const daily = new Map([...weeklySeries('2026-03-16', 28), ['2026-03-16', $(300)]]);
      const f = forecastPeriod(daily, $(300), at, Date.parse('2026-03-17T00:00:00Z'));
      expect(f.fromRunRate).toBe(true);
      // 300 in a quarter day → 1200 a Monday; the remaining three quarters: 900 more.
      expect(f.total).toBe($(1200));
    });
  });
});

describe('budgetStatus', () => {
  const budget: BudgetConfig = {
    name: 'dev-exp',
    team: 'search',
    environment: 'dev',
    monthly: 1000,
    until: '2026-03-20',
  };

  it('returns the spend in scope, its share and the days left to the experiment end', () => {
    const rows = [
      row('2026-03-01', $(300)),
      row('2026-03-02', $(200), { estimated: true }),
      row('2026-03-02', $(999), { team: 'other' }),
      row('2026-02-27', $(400)),
    ];
    const [s] = budgetStatus(budget, rows, Date.parse('2026-03-02T12:00:00Z'), [50, 80, 100]);
    expect(s?.spent).toBe($(500));
    expect(s?.amount).toBe($(1000));
    expect(s?.estimated).toBe(true);
    expect(s?.daysLeft).toBeCloseTo(18.5, 6);
  });

  it('returns nothing once the experiment has ended', () => {
    expect(
      budgetStatus(budget, [row('2026-03-21', $(10))], Date.parse('2026-03-21T01:00:00Z'), [50]),
    ).toEqual([]);
  });
});

describe('claimCrossings', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns each threshold once per period, not once per run, and starts over next period', async () => {
    dir = mkdtempSync(join(tmpdir(), 'guardrails-'));
    const store = new FolderStore(dir);
    const config = guardrailsSchema.parse({});
    const b: BudgetConfig = { name: 'dev-daily', team: 'search', daily: 100 };
    const run = async (at: string, spent: number) => {
      const s = budgetStatus(b, [row(at.slice(0, 10), $(spent))], Date.parse(at), config.alertAt);
      return (await claimCrossings(store, s)).map((c) => c.newlyCrossed);
    };
    expect(await run('2026-03-02T20:00:00Z', 40)).toEqual([]);
    expect(await run('2026-03-02T21:00:00Z', 55)).toEqual([[50]]);
    expect(await run('2026-03-02T21:15:00Z', 60)).toEqual([]);
    expect(await run('2026-03-02T22:00:00Z', 120)).toEqual([[80, 100]]);
    expect(await run('2026-03-02T23:00:00Z', 130)).toEqual([]);
    expect(await run('2026-03-03T23:00:00Z', 60)).toEqual([[50]]);
  });
});
