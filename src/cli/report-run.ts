import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { isValidWindow } from '../../shared/report/report-window';
import { usageDaysOf } from '../../shared/sql/finops/usage-days';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { openEngine } from './open-engine';
import type { ReportOptions } from './report-command';
import { ensurePriceBook, writeReport } from './write-report';

/** `genai-finops report`: the showback report of a window of days, written to `--out`. */
export async function runReport(opts: ReportOptions): Promise<void> {
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
    const usageDays = usageDaysOf(openStore(storeLocation));
    const { files } = await writeReport(engine, config, window, out, opts.billingAccount, usageDays);
    for (const f of files) process.stdout.write(`wrote ${relative(process.cwd(), f) || f}\n`);
  } finally {
    await engine.close();
  }
}
