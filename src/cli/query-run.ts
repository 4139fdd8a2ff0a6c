import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { QueryRejectedError } from '../../shared/adapters/query-errors';
import { systemClock } from '../../shared/ports';
import { costQueryNames } from '../../shared/sql/finops/cost-queries';
import { usageDaysOf } from '../../shared/sql/finops/usage-days';
import { SqlParamError } from '../../shared/sql/params';
import { type QueryParams, queries, renderQuery, takesUsageDays } from '../../shared/sql/queries';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { toCsv, toJson, toTable } from './format';
import { openEngine } from './open-engine';
import type { QueryOptions } from './query-command';
import { ensurePriceBook } from './write-report';

const FORMATS = ['table', 'json', 'csv'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
type CliName = keyof typeof costQueryNames;

/** `genai-finops query <name>`: one shipped cost query for a window of days, printed as a table, JSON or CSV. */
export async function runQuery(name: string, opts: QueryOptions): Promise<void> {
  if (!(name in costQueryNames)) {
    throw new UsageError(`unknown query '${name}': one of ${Object.keys(costQueryNames).join(', ')}`);
  }
  if (!(FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${opts.format}'`);
  }
  const config = loadConfig(opts.config);
  const storeLocation = opts.store ?? config.ingest.store;
  if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
  const priceDate =
    opts.reprice === undefined || opts.reprice === false
      ? ''
      : opts.reprice === true
        ? systemClock.now().toISOString().slice(0, 10)
        : opts.reprice;
  if (priceDate !== '' && !DAY.test(priceDate))
    throw new UsageError(`--reprice must be YYYY-MM-DD, got '${priceDate}'`);
  const queryName = costQueryNames[name as CliName];
  const given: Record<string, unknown> = {
    from: opts.from,
    to: opts.to,
    unattributed: config.attribution.unattributed,
    price_date: priceDate,
    metric: opts.metric ?? '',
    gap_pct: config.pricing.estimateGapPct,
    costly_rate: config.pricing.costlyInstanceRate,
    peak_start: config.pricing.peakHoursUtc.start,
    peak_end: config.pricing.peakHoursUtc.end,
  };
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(queries[queryName].params)) params[key] = given[key];
  let sql: string;
  try {
    sql = renderQuery(queryName, params as QueryParams<typeof queryName>);
  } catch (error) {
    if (error instanceof SqlParamError) throw new UsageError(error.message.replace(/^parameter /, '--'));
    throw error;
  }
  const engineName = opts.engine ?? (storeLocation.startsWith('s3://') ? 'athena' : 'duckdb');
  const where = parseLocation(storeLocation);
  if (where.kind === 'local') {
    const info = await stat(where.path).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`--store ${storeLocation}: no such folder`);
    if (await ensurePriceBook(where.path))
      process.stderr.write(
        `wrote the shipped price book to ${join(where.path, 'prices')} (see \`genai-finops prices\`)\n`,
      );
  }
  // The usage queries read identity_daily for the days that have it (one listing of each table).
  if (takesUsageDays(queryName)) {
    const days = await usageDaysOf(openStore(storeLocation))(String(params.from), String(params.to));
    sql = renderQuery(queryName, params as QueryParams<typeof queryName>, days);
  }
  const engine = await openEngine(storeLocation, engineName, opts.config, 'lake');
  try {
    const result = await engine.query(sql).catch((error: unknown) => {
      throw error instanceof QueryRejectedError ? new UsageError(error.message) : error;
    });
    if (result.engine === 'athena') process.stderr.write(`Athena scanned ${result.bytesScanned} bytes\n`);
    const text =
      opts.format === 'json' ? toJson(result) : opts.format === 'csv' ? toCsv(result) : toTable(result);
    process.stdout.write(text);
  } finally {
    await engine.close();
  }
}
