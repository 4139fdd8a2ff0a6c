import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openStore } from '../../shared/adapters/open-store';
import {
  type CostIngestSummary,
  CostInputError,
  costRange,
  ingestCostExplorer,
  ingestCostFiles,
  type SavedFile,
} from '../../shared/cost';
import { parseDay } from '../../shared/lake/utc';
import { systemClock } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { int } from './format';
import { terminalSafe } from './safe-text';

interface CostOptions {
  fromFile?: string[];
  store?: string;
  from?: string;
  to?: string;
  json?: boolean;
  config?: string;
}

/** The human-readable summary of a Cost Explorer ingest. */
export function describeCostIngest(s: CostIngestSummary): string {
  const r = s.requests;
  const lines = [
    `Ingested Cost Explorer costs from ${terminalSafe(s.source)}`,
    `  window    ${s.window ? `${s.window.from} to ${s.window.to}` : 'every period in the files'}`,
    `  requests  ${int(r.total)} ($${r.costUsd}): ${int(r.getCostAndUsage)} GetCostAndUsage, ${int(r.getDimensionValues)} GetDimensionValues${r.retries ? `, ${int(r.retries)} throttled and retried` : ''}${r.restarts ? `, paging restarted ${int(r.restarts)} times` : ''}`,
    `  read      ${int(s.responses)} response pages, ${int(s.groupsRead)} groups${s.services.length ? `; services: ${s.services.map(terminalSafe).join(', ')}` : ''}`,
    `  wrote     ${int(s.rowsWritten)} rows in ${s.partitions.length} day partition${s.partitions.length === 1 ? '' : 's'} of cost_daily under ${terminalSafe(s.store)} (${int(s.estimatedRows)} estimated${s.monthlyRows ? `, ${int(s.monthlyRows)} monthly` : ''})`,
    `  total     ${s.unblendedTotal} ${s.currency} unblended (daily rows)`,
  ];
  if (s.ignoredGroupings.length)
    lines.push(`  ignored   groupings no column reads: ${s.ignoredGroupings.map(terminalSafe).join(', ')}`);
  for (const f of s.partitionsFailed) lines.push(`  FAILED    dt=${f.day}: ${terminalSafe(f.error)}`);
  lines.push(`  took      ${s.seconds.toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

async function readFiles(paths: readonly string[]): Promise<SavedFile[]> {
  return Promise.all(
    paths.map(async (name) => {
      try {
        return { name, text: await readFile(name, 'utf8') };
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new UsageError(
          `--from-file ${name}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
    }),
  );
}

/** `genai-finops ingest cost-explorer`, registered on the `ingest` command. */
export function registerIngestCost(ingest: Command): void {
  ingest
    .command('cost-explorer')
    .description(
      'Ingest billed cost from AWS Cost Explorer (GetCostAndUsage, DAILY: UnblendedCost, AmortizedCost, UsageQuantity) for Amazon Bedrock, its Marketplace "(Amazon Bedrock Edition)" services, SageMaker and EC2 GPU instances into the cost_daily table, one partition per day, amounts as exact decimals. Without --from-file it calls AWS (default credential chain, about 7 requests at $0.01 each); rerunning a window replaces its days.',
    )
    .option(
      '--from-file <files...>',
      'saved responses instead of AWS: aws ce get-cost-and-usage JSON (an object, an array of pages, boto3 output) or the console CSV download',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix for the curated tables (default: ingest.store)',
    )
    .option(
      '--from <YYYY-MM-DD>',
      'first UTC day (default: the configured look-back; with files: every day in them)',
    )
    .option('--to <YYYY-MM-DD>', 'last UTC day, inclusive (default: today)')
    .option('--json', 'end with one JSON line of counts (requests made, rows, partitions, total)')
    .option('--config <file>', 'configuration file (default: ./genai-finops.config.json if present)')
    .addHelpText(
      'after',
      '\nExit status: 0 when every day was written; 1 when a request or a day failed; 2 on bad arguments, configuration or input files (nothing is written then).\n\nExamples:\n  aws ce get-cost-and-usage --time-period Start=2026-03-01,End=2026-04-01 --granularity DAILY \\\n    --metrics UnblendedCost AmortizedCost UsageQuantity \\\n    --group-by Type=DIMENSION,Key=SERVICE Type=DIMENSION,Key=USAGE_TYPE > base.json\n  genai-finops ingest cost-explorer --from-file base.json team.json --store ./lake',
    )
    .action(async (opts: CostOptions) => {
      const config = loadConfig(opts.config);
      const storeLocation = opts.store ?? config.ingest.store;
      if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
      const store = openStore(storeLocation);
      const deps = { store, config, clock: systemClock, random: Math.random };
      let summary: CostIngestSummary;
      try {
        if (opts.fromFile?.length) {
          if (opts.from !== undefined) parseDay(opts.from, '--from');
          if (opts.to !== undefined) parseDay(opts.to, '--to');
          const window =
            opts.from !== undefined || opts.to !== undefined
              ? costRange(opts.from ?? '2023-01-01', opts.to, systemClock.now(), config.costExplorer)
              : undefined;
          summary = await ingestCostFiles(deps, await readFiles(opts.fromFile), window);
        } else {
          const window = costRange(opts.from, opts.to, systemClock.now(), config.costExplorer);
          const { CostExplorerSource } = await import('../../shared/adapters/aws/cost-explorer-source');
          summary = await ingestCostExplorer({ ...deps, source: new CostExplorerSource() }, window);
        }
      } catch (error) {
        if (error instanceof CostInputError) throw new UsageError(error.message);
        throw error;
      }
      if (opts.json) {
        process.stderr.write(describeCostIngest(summary));
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } else process.stdout.write(describeCostIngest(summary));
      if (summary.partitionsFailed.length > 0) process.exitCode = 1;
    });
}
