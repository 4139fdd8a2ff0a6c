import { readFile } from 'node:fs/promises';
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
import type { CostOptions } from './ingest-cost-command';
import { terminalSafe } from './safe-text';

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

/** `genai-finops ingest cost-explorer`: saved responses or Cost Explorer into cost_daily. */
export async function runIngestCost(opts: CostOptions): Promise<void> {
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
}
