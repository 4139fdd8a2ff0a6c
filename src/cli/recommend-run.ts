import { stat } from 'node:fs/promises';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { dollarsText } from '../../shared/recommend/micros';
import { isValidWindow } from '../../shared/report/report-window';
import { usageDaysOf } from '../../shared/sql/finops/usage-days';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { toCsv, toTable } from './format';
import { openEngine } from './open-engine';
import type { RecommendOptions } from './recommend-command';
import { recommendationsOf, recommendationTable } from './recommendations';

const FORMATS = ['table', 'json', 'csv'] as const;

/** `genai-finops recommend`: the window's recommendations as a table, CSV (with evidence) or JSON. */
export async function runRecommend(opts: RecommendOptions): Promise<void> {
  const window = { from: opts.from, to: opts.to };
  if (!isValidWindow(window))
    throw new UsageError(`--from/--to must be YYYY-MM-DD days in order, got ${opts.from} .. ${opts.to}`);
  if (!(FORMATS as readonly string[]).includes(opts.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${opts.format}'`);
  const config = loadConfig(opts.config);
  const location = opts.store ?? config.ingest.store;
  if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
  const where = parseLocation(location);
  if (where.kind === 'local' && !(await stat(where.path).catch(() => undefined))?.isDirectory())
    throw new UsageError(`--store ${location}: no such folder`);
  const engine = await openEngine(
    location,
    opts.engine ?? (location.startsWith('s3://') ? 'athena' : 'duckdb'),
    opts.config,
    'lake',
  );
  try {
    const set = await recommendationsOf(engine, config, window, usageDaysOf(openStore(location)));
    if (opts.format === 'json') {
      const recommendations = set.recommendations.map(({ monthlySavingMicros, ...r }) => ({
        ...r,
        estimatedMonthlySaving: dollarsText(monthlySavingMicros),
        estimate: true,
      }));
      const total = dollarsText(set.totalMicros);
      process.stdout.write(
        `${JSON.stringify({ estimatedMonthlySavingTotal: total, recommendations }, null, 2)}\n`,
      );
    } else {
      const table = recommendationTable(set, opts.format === 'csv');
      process.stdout.write(opts.format === 'csv' ? toCsv(table) : toTable(table));
      if (opts.format === 'table')
        process.stdout.write(
          `Estimated total: $${dollarsText(set.totalMicros)} per month (estimates; evidence: --format csv or json)\n`,
        );
    }
  } finally {
    await engine.close();
  }
}
