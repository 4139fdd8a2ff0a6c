// What exact budget money costs: `npx tsx bench/budget-money.ts [cells per day] [budgets]`. Builds
// the spend rows `budget status` reads for a month and the 28 days before it (the allocation's
// decimal text, read as micro-dollars), then times budgetStatus (integer sums, the forecast in exact
// ratios) over them, and the same sums done in floats for scale. Prints medians of 7 rounds.
import type { BudgetConfig } from '../shared/config/guardrails-schema';
import { budgetStatus } from '../shared/guardrails/budget-status';
import { addDays } from '../shared/guardrails/period';
import { spendFromAllocation } from '../shared/guardrails/spend-rows';
import type { SqlValue } from '../shared/ports/query-engine';

const cells = Number(process.argv[2] ?? 2000);
const budgetCount = Number(process.argv[3] ?? 20);
const at = Date.parse('2026-11-20T18:00:00Z');
const days = Array.from({ length: 48 }, (_, i) => addDays('2026-10-04', i)).filter((d) => d <= '2026-11-20');
const teams = Array.from({ length: budgetCount }, (_, i) => `team${i}`);
/** Cents as decimal(20,2) text, as the allocation query returns them: 1234 → '12.34'. */
const centsText = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const raw: Record<string, SqlValue>[] = [];
for (const day of days)
  for (let c = 0; c < cells; c++)
    raw.push({
      usage_date: day,
      model: 'amazon.nova-lite-v1:0',
      team: teams[c % teams.length] as string,
      feature: `f${c}`,
      environment: 'dev',
      allocated_cost: centsText(1 + ((c * 7919) % 9999)),
      estimated: false,
      unpriced: false,
      invocations: 3,
    });
const budgets: BudgetConfig[] = teams.map((team) => ({ name: team, team, daily: 500, monthly: 10_000 }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
function timed(run: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const rows = spendFromAllocation(raw);
const parse = timed(() => spendFromAllocation(raw));
// The rows as before, with the money as doubles.
const parseFloats = timed(() =>
  raw.map((r) => ({
    day: String(r.usage_date).slice(0, 10),
    team: String(r.team),
    feature: String(r.feature),
    environment: String(r.environment),
    model: String(r.model),
    cost: Number(r.allocated_cost),
    estimated: r.estimated === true || r.unpriced === true,
    invocations: Number(r.invocations),
  })),
);
const exact = timed(() => budgets.flatMap((b) => budgetStatus(b, rows, at, [50, 80, 100])));
const floats = timed(() =>
  budgets.map((b) => raw.reduce((s, r) => (r.team === b.team ? s + Number(r.allocated_cost) : s), 0)),
);
const statuses = budgets.flatMap((b) => budgetStatus(b, rows, at, [50, 80, 100]));
console.log(
  `${rows.length.toLocaleString('en-US')} spend rows (${days.length} days × ${cells} cells), ${budgetCount} budgets × 2 periods = ${statuses.length} statuses`,
);
console.log(
  `read decimal text as micro-dollars: ${parse.toFixed(1)} ms (as floats, for scale: ${parseFloats.toFixed(1)} ms)`,
);
console.log(
  `budgetStatus, exact (sums + forecasts): ${exact.toFixed(1)} ms, ${(exact / statuses.length).toFixed(2)} ms a status`,
);
console.log(`the same sums in floats (no forecast), for scale: ${floats.toFixed(1)} ms`);
