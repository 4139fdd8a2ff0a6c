import type { Command } from 'commander';
import { estimatePipelineCost } from '../../shared/estimate';
import { UsageError } from './errors';

/** A positive whole number option, or a UsageError naming it. */
function count(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${name} must be a whole number >= 0, got ${value}`);
  return n;
}

/** `genai-finops estimate-cost`: the pipeline's own monthly AWS bill by line item, list and after free tiers. */
export function registerEstimateCost(program: Command): void {
  program
    .command('estimate-cost')
    .description(
      "Estimate the pipeline's own monthly AWS cost (us-east-1 list prices with their dates) from the requests and bytes its code makes.",
    )
    .requiredOption('--invocations-per-day <n>', 'Bedrock invocations a day across the organisation')
    .option('--teams <n>', 'teams receiving alerts', '10')
    .option('--gpus <n>', 'GPUs whose metrics are read hourly', '0')
    .option('--streams <n>', 'account x Region log streams Bedrock delivers', '20')
    .option('--json', 'print the estimate as JSON')
    .action(
      (o: { invocationsPerDay: string; teams: string; gpus: string; streams: string; json?: boolean }) => {
        const estimate = estimatePipelineCost({
          invocationsPerDay: count('--invocations-per-day', o.invocationsPerDay),
          teams: count('--teams', o.teams),
          gpus: count('--gpus', o.gpus),
          streams: count('--streams', o.streams),
        });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(estimate)}\n`);
          return;
        }
        const rows = estimate.lines.map((l) =>
          [
            l.item.padEnd(34),
            l.quantity.toFixed(2).padStart(14),
            l.unitPrice.unit.padEnd(40),
            `$${l.listUsd.toFixed(2)}`.padStart(8),
            `$${l.afterFreeUsd.toFixed(2)}`.padStart(8),
            `  ${l.unitPrice.seen}`,
          ].join(' '),
        );
        process.stdout.write(
          `${[
            `${'line'.padEnd(34)} ${'quantity/month'.padStart(14)} ${'unit'.padEnd(40)} ${'list'.padStart(8)} ${'free tier'.padStart(8)}   price seen`,
            ...rows,
            `${'total'.padEnd(90)} $${estimate.listUsd.toFixed(2).padStart(7)} $${estimate.afterFreeUsd.toFixed(2).padStart(7)}`,
            'us-east-1 list prices; free tiers are account-wide. Quantities from measured request counts (shared/estimate/usage.ts).',
          ].join('\n')}\n`,
        );
      },
    );
}
