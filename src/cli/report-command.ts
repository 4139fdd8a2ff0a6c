import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseLocation } from '../../shared/adapters/open-store';
import type { AppConfig } from '../../shared/config';
import type { QueryEngine } from '../../shared/ports';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { writePriceBook } from '../../shared/pricing/write-prices';
import { toReportRecommendations } from '../../shared/recommend/collect-recommendations';
import { type BuiltReport, buildReport, type ReportArtifacts } from '../../shared/report/build-report';
import { collectReport } from '../../shared/report/collect-report';
import type { ReportWindow } from '../../shared/report/report-input';
import { isValidWindow, previousWindow } from '../../shared/report/report-window';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { openEngine } from './open-engine';
import { recommendationsOf } from './recommend-command';

interface ReportOptions {
  store?: string;
  from: string;
  to: string;
  out: string;
  config?: string;
  engine?: string;
  billingAccount: string;
}

/** A local store without a price book gets the shipped one (as `query` does), so estimates have prices. */
async function ensurePriceBook(path: string): Promise<void> {
  const present = await stat(join(path, 'prices')).then(
    () => true,
    () => false,
  );
  if (!present) await writePriceBook(new FolderStore(path), shippedPriceBook());
}

/**
 * Runs the shipped queries on `engine` for `window` and writes report.html, chargeback.csv and
 * focus.csv into `out`. Shared by `report` and `demo`.
 */
export async function writeReport(
  engine: QueryEngine,
  config: AppConfig,
  window: ReportWindow,
  out: string,
  billingAccountId = 'unknown',
): Promise<BuiltReport & { files: string[] }> {
  const collected = await collectReport(engine, window, {
    unattributed: config.attribution.unattributed,
    gapPct: config.pricing.estimateGapPct,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
  });
  const built = await buildReport(
    {
      window,
      previousWindow: previousWindow(window),
      generatedAt: systemClock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      unattributed: config.attribution.unattributed,
      currency: 'USD',
      results: collected.results,
      recommendations: toReportRecommendations(
        (await recommendationsOf(engine, config, window)).recommendations,
      ),
    },
    billingAccountId,
  );
  await mkdir(out, { recursive: true });
  const files: string[] = [];
  for (const [name, body] of Object.entries(built.artifacts) as [keyof ReportArtifacts, string][]) {
    const path = join(out, name);
    await writeFile(path, body);
    files.push(path);
  }
  return { ...built, files };
}

/**
 * The report of a local lake folder (the shipped price book added if it has none), written to
 * `out`; returns the path of report.html. What `demo` calls at its end.
 */
export async function writeLocalReport(
  storeDir: string,
  config: AppConfig,
  window: ReportWindow,
  out: string,
): Promise<string> {
  await ensurePriceBook(storeDir);
  const engine = await DuckDbEngine.open(storeDir, { access: 'lake' });
  try {
    await writeReport(engine, config, window, out);
  } finally {
    await engine.close();
  }
  return join(out, 'report.html');
}

/** `genai-finops report`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'Write the showback report for a window of UTC days: report.html (one self-contained page), chargeback.csv and focus.csv (FOCUS 1.3), every number from the shipped cost queries.',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix of the curated tables (default: ingest.store)',
    )
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD (inclusive)')
    .requiredOption('--out <folder>', 'where to write report.html, chargeback.csv and focus.csv')
    .option('--engine <engine>', 'duckdb or athena (default: duckdb; athena for s3:// stores)')
    .option('--config <file>', 'configuration file (attribution.unattributed, pricing.*, athena.*)')
    .option('--billing-account <id>', 'payer account id for focus.csv BillingAccountId', 'unknown')
    .action(async (opts: ReportOptions) => {
      const window = { from: opts.from, to: opts.to };
      if (!isValidWindow(window))
        throw new UsageError(`--from/--to must be YYYY-MM-DD days in order, got ${opts.from} .. ${opts.to}`);
      const config = loadConfig(opts.config);
      const storeLocation = opts.store ?? config.ingest.store;
      if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
      const where = parseLocation(storeLocation);
      if (where.kind === 'local') {
        const info = await stat(where.path).catch(() => undefined);
        if (!info?.isDirectory()) throw new UsageError(`--store ${storeLocation}: no such folder`);
        await ensurePriceBook(where.path);
      }
      const engineName = opts.engine ?? (storeLocation.startsWith('s3://') ? 'athena' : 'duckdb');
      const engine = await openEngine(storeLocation, engineName, opts.config, 'lake');
      try {
        const out = resolve(opts.out);
        const { files } = await writeReport(engine, config, window, out, opts.billingAccount);
        for (const f of files) process.stdout.write(`wrote ${relative(process.cwd(), f) || f}\n`);
      } finally {
        await engine.close();
      }
    });
}
