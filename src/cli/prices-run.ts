import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseLocation } from '../../shared/adapters/open-store';
import { type QueryResult, systemClock } from '../../shared/ports';
import type { PriceRow } from '../../shared/pricing/price-row';
import { readPriceList } from '../../shared/pricing/refresh';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { writePriceBook } from '../../shared/pricing/write-prices';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { toCsv, toJson, toTable } from './format';
import type { PricesOptions } from './prices-command';

const COLUMNS = [
  'effective_date',
  'item',
  'region',
  'scope',
  'tier',
  'charge',
  'unit',
  'price',
  'currency',
  'source',
];

/** The shipped book as a query result, so it prints like any table (prices stay exact text). */
function bookResult(rows: readonly PriceRow[]): QueryResult {
  return {
    columns: COLUMNS.map((name) => ({ name, type: name === 'price' ? 'decimal(24,12)' : 'varchar' })),
    rows: rows.map((r) => ({
      effective_date: r.effectiveDate,
      item: r.item,
      region: r.region,
      scope: r.scope,
      tier: r.tier,
      charge: r.charge,
      unit: r.unit,
      price: r.price,
      currency: r.currency,
      source: r.source,
    })),
    bytesScanned: 0,
    engine: 'duckdb',
  };
}

async function localStore(location: string): Promise<string> {
  const where = parseLocation(location);
  if (where.kind !== 'local')
    throw new UsageError('prices reads and writes local stores; for s3:// use the refresh function');
  const info = await stat(where.path).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--store ${location}: no such folder`);
  return where.path;
}

/** `genai-finops prices`: the shipped book, the store's prices table, or `--refresh` from the AWS Price List. */
export async function runPrices(opts: PricesOptions): Promise<void> {
  const print = (result: QueryResult) =>
    process.stdout.write(
      opts.format === 'json' ? toJson(result) : opts.format === 'csv' ? toCsv(result) : toTable(result),
    );
  if (!['table', 'json', 'csv'].includes(opts.format))
    throw new UsageError(`--format must be table, json or csv`);
  if (opts.refresh) {
    if (!opts.store) throw new UsageError('--refresh needs --store');
    const path = await localStore(opts.store);
    const { PricingClient } = await import('@aws-sdk/client-pricing');
    const { PriceListSource } = await import('../../shared/adapters/aws/price-list-source');
    const source = new PriceListSource(new PricingClient({ region: 'us-east-1' }));
    const regions = loadConfig(opts.config).pricing.refreshRegions;
    const today = systemClock.now().toISOString().slice(0, 10);
    const reading = await readPriceList(source, regions, shippedPriceBook(), today);
    const dates = await writePriceBook(new FolderStore(path), reading.rows);
    process.stderr.write(
      `prices: ${reading.rows.length} rows for ${dates.length} effective dates from ${source.requests} GetProducts requests; ${reading.excluded} non-text usage types skipped; ${reading.unclassified.length} unclassified, ${reading.unmatched.length} unmatched to a known model\n`,
    );
    for (const u of [...new Set(reading.unclassified)].slice(0, 20))
      process.stderr.write(`  unclassified: ${u}\n`);
    for (const u of [...new Set(reading.unmatched)].slice(0, 20)) process.stderr.write(`  unmatched: ${u}\n`);
    return;
  }
  if (!opts.store) {
    print(bookResult(shippedPriceBook()));
    return;
  }
  const path = await localStore(opts.store);
  const has = await stat(join(path, 'prices')).then(
    () => true,
    () => false,
  );
  if (!has) {
    process.stderr.write('the store has no prices table yet: showing the shipped book\n');
    print(bookResult(shippedPriceBook()));
    return;
  }
  const engine = await DuckDbEngine.open(path);
  try {
    print(
      await engine.query(
        `SELECT ${COLUMNS.join(', ')} FROM prices ORDER BY item, region, scope, tier, charge, effective_date`,
      ),
    );
  } finally {
    await engine.close();
  }
}
