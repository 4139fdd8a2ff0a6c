import { cents, estimatePipelineCost, type PipelineCostEstimate } from '../../shared/estimate';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import type { EstimateCostOptions } from './estimate-cost-command';
import { int } from './format';

/** A positive whole number option, or a UsageError naming it. */
function count(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${name} must be a whole number >= 0, got ${value}`);
  return n;
}

const quantity = (q: number): string =>
  q >= 100 ? int(Math.round(q)) : q.toFixed(q >= 1 ? 2 : 4).replace(/\.?0+$/, '') || '0';

/** The estimate as a table: each line at list price and after free tiers, both totals, and the target. */
export function describeEstimate(e: PipelineCostEstimate): string {
  const s = e.scale;
  const header = `${'line'.padEnd(38)} ${'quantity/month'.padStart(14)}  ${'unit'.padEnd(38)} ${'list'.padStart(8)} ${'after free'.padStart(10)}  price seen`;
  const rows = e.lines.map((l) =>
    [
      l.item.padEnd(38),
      quantity(l.quantity).padStart(14),
      ` ${l.unitPrice.unit.padEnd(38)}`,
      `$${cents(l.listUsd)}`.padStart(8),
      `$${cents(l.afterFreeUsd)}`.padStart(10),
      ` ${l.unitPrice.seen}`,
    ].join(' '),
  );
  const rule = '-'.repeat(header.length);
  return `${[
    `The pipeline's own AWS cost for a month (estimate, us-east-1 list prices), at ${int(s.invocationsPerDay)} invocations a day, ${int(s.teams)} teams, ${int(s.gpus)} GPUs, ${int(s.streams)} log streams`,
    '',
    header,
    rule,
    ...rows,
    rule,
    `${'total at list price'.padEnd(93)} $${cents(e.listUsd).padStart(7)}`,
    `${'total after the always-free tiers'.padEnd(104)} $${cents(e.afterFreeUsd).padStart(7)}`,
    e.fanOut
      ? `ingest: fanned out on Step Functions (${e.fanOut === 'config' ? 'ingest.fanOut.enabled' : `above ${int(e.fanOutAbove)} invocations a day one function run could not finish; set ingest.fanOut.enabled`})`
      : `ingest: one function run a quarter hour (fanned out above ${int(e.fanOutAbove)} invocations a day, or with ingest.fanOut.enabled in --config)`,
    `target: under $${e.targetUsd} a month after free tiers at 1M invocations a day, 50 teams, 200 GPUs: ${e.underTarget ? 'met' : 'NOT met'} at this scale`,
    '',
    'Free tiers are account-wide: an account that already uses them pays the list column. Quantities come from the code',
    '(request plans, metric catalogs, lifecycle rules) and measured runs (shared/estimate); not a bill.',
  ].join('\n')}\n`;
}

/** `genai-finops estimate-cost`: the estimate for the given scale, as a table or JSON. */
export function runEstimateCost(o: EstimateCostOptions): void {
  const estimate = estimatePipelineCost(
    {
      invocationsPerDay: count('--invocations-per-day', o.invocationsPerDay),
      teams: count('--teams', o.teams),
      gpus: count('--gpus', o.gpus),
      streams: count('--streams', o.streams),
    },
    loadConfig(o.config),
  );
  process.stdout.write(o.json ? `${JSON.stringify(estimate)}\n` : describeEstimate(estimate));
}
