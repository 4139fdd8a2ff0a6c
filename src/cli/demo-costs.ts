import type { AppConfig } from '../../shared/config';
import type { Clock, ObjectStore, QueryEngine, SqlValue } from '../../shared/ports';
import { toScaled } from '../../shared/pricing/decimal-text';
import type { PriceRow } from '../../shared/pricing/price-row';
import { writePriceBook } from '../../shared/pricing/write-prices';
import { endpointOfArn } from '../../shared/recommend/gpu-low-output-value';
import { runQueries } from '../../shared/sql/finops/run-queries';
import { UNLOGGED_TRAFFIC } from '../demo/bill-lines';
import { ingestDemoBills } from '../demo/demo-bills';
import { FLEET } from '../demo/gpu-fleet';
import { int } from './format';
import { terminalSafe } from './safe-text';

const money = (text: string) =>
  `$${Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const unit = (v: SqlValue | undefined) =>
  v === null || v === undefined ? 'n/a' : `$${Number(v).toPrecision(3)}`;
const shortModel = (model: string) => model.replace(/^[a-z]+\./, '').replace(/-(\d{8}|v\d).*$/, '');
const ONE_CENT = 10_000_000_000n; // 1e-2 USD in the 1e-12 units of exact amounts

/** Inputs of the demo's bill step. */
export interface DemoBillStep {
  engine: QueryEngine;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  book: readonly PriceRow[];
  dir: string;
  fleetStart: number;
  fleetHours: number;
  estimatedFrom: string;
}

/**
 * Writes the price book and the demo's saved Cost Explorer responses into the lake (through the
 * `--from-file` path); returns the day range billed and the lines that say what was ingested.
 */
export async function demoBills(step: DemoBillStep): Promise<{ from: string; to: string; lines: string[] }> {
  await writePriceBook(step.store, step.book);
  const bills = await ingestDemoBills({ ...step, fleet: FLEET });
  const s = bills.summary;
  return {
    from: bills.saved.from,
    to: bills.saved.to,
    lines: [
      `   Cost Explorer (genai-finops ingest cost-explorer --from-file): ${bills.saved.pages} pages of SERVICE x USAGE_TYPE and a USAGE_TYPE x team response, ${int(s.rowsWritten)} rows in ${s.partitions.length} days of cost_daily:`,
      `   Bedrock ${money(bills.bedrock)}, Marketplace Claude editions ${money(bills.marketplace)}, EC2 GPU ${money(bills.ec2)}, SageMaker ${money(bills.sagemaker)} (the shipped price book is in the prices table).`,
    ],
  };
}

/** Sum of exact decimal texts per key, in 1e-12 units. */
function sumPerDay(rows: readonly Record<string, SqlValue>[], column: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of rows) {
    const value = r[column];
    if (value === null || value === undefined) continue;
    const day = String(r.usage_date);
    out.set(day, (out.get(day) ?? 0n) + toScaled(String(value)));
  }
  return out;
}

const dollars = (units: bigint) => money((Number(units / ONE_CENT) / 100).toFixed(2));

/**
 * The demo's cost lines, all from the shipped queries (`unit-costs`, `allocation`,
 * `estimate-vs-bill`): the top unit costs of the last full day, the allocation checked against the
 * bill day by day, and what estimate-vs-bill flags.
 */
export async function demoCostLines(
  engine: QueryEngine,
  range: { from: string; to: string },
  unattributed: string,
): Promise<string[]> {
  const run = await runQueries(engine, ['unitCosts', 'allocation', 'estimateVsBill'], {
    ...range,
    unattributed,
  });
  const [unitCosts, allocation, versus] = run.results.map((r) => r.result.rows) as [
    Record<string, SqlValue>[],
    Record<string, SqlValue>[],
    Record<string, SqlValue>[],
  ];
  const lines: string[] = [];
  const days = [...new Set(unitCosts.map((r) => String(r.usage_date)))].sort();
  // The last day is still going on: its unit costs are the previous day's that are complete.
  const day = days.length > 1 ? days[days.length - 2] : days[0];
  const top = unitCosts
    .filter((r) => String(r.usage_date) === day && r.allocated_cost !== null)
    .sort((a, b) => Number(b.allocated_cost) - Number(a.allocated_cost))
    .slice(0, 3);
  lines.push(`   Unit costs on ${day}, the three biggest spenders (query unit-costs):`);
  for (const r of top)
    lines.push(
      `     ${terminalSafe(`${r.team}/${r.feature} (${r.environment}, ${shortModel(String(r.model))})`)}: ${money(String(r.allocated_cost))} for ${int(Number(r.invocations))} calls = ${unit(r.cost_per_inference)} per inference, ${unit(r.cost_per_1k_tokens)} per 1K tokens`,
    );

  // Each day's allocated cents must equal that day's bill rounded to the cent.
  const allocated = sumPerDay(allocation, 'allocated_cost');
  const billed = sumPerDay(versus, 'billed_cost');
  let allocatedTotal = 0n;
  let billedTotal = 0n;
  const off: string[] = [];
  for (const [d, amount] of billed) {
    const cents = ((amount + ONE_CENT / 2n) / ONE_CENT) * ONE_CENT;
    billedTotal += cents;
    allocatedTotal += allocated.get(d) ?? 0n;
    if ((allocated.get(d) ?? 0n) !== cents) off.push(d);
  }
  lines.push(
    off.length === 0
      ? `   Allocation check (query allocation): allocated ${dollars(allocatedTotal)} over ${billed.size} days = billed ${dollars(billedTotal)}, to the cent every day.`
      : `   WARNING: allocation differs from the bill on ${off.join(', ')}.`,
  );

  const flagged = new Map<string, { pct: number; unpriced: boolean }>();
  for (const r of versus) {
    if (r.flagged !== true) continue;
    const before = flagged.get(String(r.model)) ?? { pct: 0, unpriced: false };
    const pct = Number(r.gap_pct ?? 0);
    flagged.set(String(r.model), {
      pct: Math.abs(pct) > Math.abs(before.pct) ? pct : before.pct,
      unpriced: before.unpriced || r.unpriced === true,
    });
  }
  // Calls to a SageMaker endpoint through Bedrock bill as endpoint hosting: one phrase for all of them.
  const endpoints = [...flagged.keys()].map(endpointOfArn).filter((e): e is string => e !== undefined);
  for (const model of [...flagged.keys()]) if (endpointOfArn(model)) flagged.delete(model);
  const why = [...flagged].map(([model, f]) =>
    model === '(unmapped)'
      ? 'bill lines that map to no priced model (allocated by the day’s usage)'
      : f.unpriced
        ? `${shortModel(model)} has no price in the book (unpriced)`
        : `${shortModel(model)} billed ${f.pct.toFixed(1)}% ${f.pct >= 0 ? 'above' : 'below'} its logged tokens${model === UNLOGGED_TRAFFIC.model ? ' (the demo’s un-logged traffic)' : ''}`,
  );
  if (endpoints.length > 0)
    why.push(`calls to endpoints ${endpoints.join(', ')} (no per-token price: billed as SageMaker hosting)`);
  lines.push(
    `   Estimate vs bill (query estimate-vs-bill): ${why.length ? `flags ${why.join('; ')}.` : 'no gaps.'}`,
  );
  return lines;
}
