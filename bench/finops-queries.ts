/**
 * The FinOps query bench (issue 8): for 30 days of an org of about 1M invocations a day, the Parquet
 * bytes the unit-cost and allocation queries read (the touched columns of the touched partitions,
 * from the Parquet footers) against the raw gzip logs of the same window, and the local wall time
 * of all six derived queries over the month. Run alone: `npx tsx bench/finops-queries.ts`.
 *
 * Method: 30M log records cannot be generated here in reasonable time (the log generator makes
 * ~15k records/s), so the lake is written directly from a fast synthetic row generator with a large
 * org's cardinalities (bench/finops-rows.ts) through the lake's Parquet writer, with cost_daily from
 * the demo's bill for those tokens; the raw gzip size is 30M × the gzip bytes per record measured on
 * one generated hour of realistic logs. Data is cached under .tmp/bench/finops/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDbEngine } from '../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { parseConfig } from '../shared/config';
import { ingestCostFiles } from '../shared/cost';
import { replacePartition } from '../shared/lake/partition-writer';
import { bedrockInvocations, costDaily, gpuHourly, prices, type TableDef } from '../shared/lake/tables';
import { addDays, daysBetween, HOUR_MS } from '../shared/lake/utc';
import { fixedClock } from '../shared/ports';
import { shippedPriceBook } from '../shared/pricing/shipped-book';
import { writePriceBook } from '../shared/pricing/write-prices';
import { runQueries } from '../shared/sql/finops/run-queries';
import { type QueryName, renderQuery } from '../shared/sql/queries';
import { generateSyntheticLogs } from '../src/demo';
import { bedrockBillLines } from '../src/demo/bill-lines';
import type { BillableUsage } from '../src/demo/bill-usage';
import { writeCostResponses } from '../src/demo/cost-responses';
import { gpuBillLines } from '../src/demo/gpu-bill';
import { FLEET } from '../src/demo/gpu-fleet';
import { columnsNamed, touchedBytes } from './parquet-bytes';

const ROOT = resolve('.tmp/bench/finops');
const LAKE = join(ROOT, 'lake');
const USAGE = join(ROOT, 'usage');
const FROM = '2026-03-01';
const DAYS = 30;
const TO = addDays(FROM, DAYS - 1);
const ROWS_PER_DAY = 1_000_000;
/** Bump when the generated data changes, so a stale cache is rebuilt. */
const VERSION = 1;
const DERIVED: readonly QueryName[] = [
  'unitCosts',
  'allocation',
  'gpuEfficiency',
  'trends',
  'estimateVsBill',
  'tagCoverage',
];
const params = { from: FROM, to: TO, unattributed: 'unattributed' };

interface Ready {
  version: number;
  days: number;
  rowsPerDay: number;
  gzipBytesPerRecord: number;
  sampleRecords: number;
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let t = queue.shift(); t; t = queue.shift()) await t();
    }),
  );
}

function writeDay(day: string, seed: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'finops-day.ts'),
        day,
        String(ROWS_PER_DAY),
        String(seed),
        LAKE,
        join(USAGE, `${day}.json`),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`day ${day} exited with ${code}`))));
  });
}

/** gpu_hourly for the demo's GPU fleet, every hour of the month. */
async function writeGpuHours(store: FolderStore): Promise<void> {
  for (const day of daysBetween(FROM, TO)) {
    const start = Date.parse(`${day}T00:00:00Z`);
    const rows = FLEET.flatMap((m) =>
      Array.from({ length: 24 }, (_, h) => ({
        m,
        hour: start + h * HOUR_MS,
        util: Math.min(100, m.busy * (0.7 + 0.6 * ((h % 7) / 7))),
      })),
    );
    await replacePartition(
      store,
      gpuHourly,
      day,
      {
        hour: rows.map((r) => r.hour),
        source: rows.map((r) => r.m.kind),
        resource_id: rows.map((r) => r.m.id),
        instance_type: rows.map((r) => r.m.instanceType),
        gpu_count: rows.map((r) => r.m.gpus),
        gpu_util_avg: rows.map((r) => r.util),
        gpu_util_max: rows.map((r) => Math.min(100, r.util * 1.2)),
        gpu_mem_util_avg: rows.map((r) => r.util / 2),
        team: rows.map((r) => r.m.tags.team ?? 'unattributed'),
        environment: rows.map((r) => r.m.tags.environment ?? 'unattributed'),
        priority: rows.map((r) => r.m.tags.priority ?? 'unattributed'),
        cluster: rows.map(() => null),
      },
      rows.length,
    );
  }
}

async function build(): Promise<Ready> {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(USAGE, { recursive: true });
  const started = performance.now();
  process.stdout.write(
    `  writing ${DAYS} days × ${ROWS_PER_DAY.toLocaleString('en-US')} invocations of Parquet (2 at a time) …\n`,
  );
  await pool(
    daysBetween(FROM, TO).map((day, i) => () => writeDay(day, 1000 + i)),
    2,
  );
  process.stdout.write(`  … in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  const store = new FolderStore(LAKE);
  const book = shippedPriceBook();
  await writePriceBook(store, book);
  await writeGpuHours(store);
  const usage: BillableUsage[] = daysBetween(FROM, TO).flatMap((day) =>
    (JSON.parse(readFileSync(join(USAGE, `${day}.json`), 'utf8')) as Record<string, string>[]).map((u) => ({
      day,
      region: String(u.region),
      model: String(u.model),
      scope: u.scope as BillableUsage['scope'],
      inputTokens: BigInt(String(u.inputTokens)),
      outputTokens: BigInt(String(u.outputTokens)),
      cacheReadTokens: BigInt(String(u.cacheReadTokens)),
      cacheWriteTokens: BigInt(String(u.cacheWriteTokens)),
    })),
  );
  const lines = [
    ...bedrockBillLines(usage, book),
    ...gpuBillLines(FLEET, book, Date.parse(`${FROM}T00:00:00Z`), DAYS * 24),
  ];
  const saved = await writeCostResponses(join(ROOT, 'cost-explorer'), lines, { estimatedFrom: TO });
  const files = await Promise.all(
    saved.files.map(async (name) => ({ name, text: await readFile(name, 'utf8') })),
  );
  await ingestCostFiles(
    { store, config: parseConfig({}), clock: fixedClock(`${addDays(TO, 1)}T06:00:00Z`) },
    files,
  );

  // Raw log size: one hour of realistic generated logs, gzip bytes per record.
  const sample = await generateSyntheticLogs(async () => {}, {
    seed: 8,
    start: new Date(`${FROM}T15:00:00Z`),
    hours: 1,
    invocationsPerHour: 3_000,
    bodies: 'realistic',
  });
  const ready: Ready = {
    version: VERSION,
    days: DAYS,
    rowsPerDay: ROWS_PER_DAY,
    gzipBytesPerRecord: sample.bytesCompressed / sample.records,
    sampleRecords: sample.records,
  };
  writeFileSync(join(ROOT, 'ready.json'), JSON.stringify(ready));
  return ready;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Bytes `name` reads: for every table it names, the columns it names in the partitions it keeps. */
async function queryBytes(name: QueryName): Promise<number> {
  const sql = renderQuery(name, params as never);
  const inWindow = (dt: string) => dt >= FROM && dt <= TO;
  // prices are read up to the window's end (every effective date before it).
  const keeps: [TableDef, (dt: string) => boolean][] = [
    [bedrockInvocations, inWindow],
    [costDaily, inWindow],
    [prices, (dt) => dt <= TO],
  ];
  let total = 0;
  for (const [table, keep] of keeps) {
    if (!new RegExp(`\\b${table.name}\\b`).test(sql)) continue;
    total += (await touchedBytes(LAKE, table, [...columnsNamed(sql, table), table.partitionKey], keep)).bytes;
  }
  return total;
}

/** Prints the bench figures (builds the cached lake first when needed). */
export async function runFinopsBench(): Promise<void> {
  process.stdout.write(
    `\nFinOps queries: ${DAYS} days × ~${ROWS_PER_DAY.toLocaleString('en-US')} invocations/day (${FROM} to ${TO})\n`,
  );
  const cached = existsSync(join(ROOT, 'ready.json'))
    ? (JSON.parse(readFileSync(join(ROOT, 'ready.json'), 'utf8')) as Ready)
    : undefined;
  const ready =
    cached && cached.version === VERSION && cached.days === DAYS && cached.rowsPerDay === ROWS_PER_DAY
      ? cached
      : await build();
  const records = DAYS * ROWS_PER_DAY;
  const rawGzip = records * ready.gzipBytesPerRecord;
  const lake = await touchedBytes(LAKE, bedrockInvocations, [], () => true);
  process.stdout.write(
    `  method: Parquet written directly from a synthetic row generator (bench/finops-rows.ts) with the lake's writer;\n` +
      `          raw gzip = ${records.toLocaleString('en-US')} records × ${ready.gzipBytesPerRecord.toFixed(0)} B/record, measured on one generated hour of realistic logs (${ready.sampleRecords.toLocaleString('en-US')} records)\n` +
      `  raw gzip logs of the window ≈ ${mb(rawGzip)}; bedrock_invocations Parquet ${mb(lake.fileBytes)} in ${lake.files} files\n`,
  );
  for (const name of ['unitCosts', 'allocation'] as const) {
    const bytes = await queryBytes(name);
    process.stdout.write(
      `  ${name.padEnd(11)} reads ${mb(bytes)} of Parquet (touched columns of touched partitions, from footers) = ${((bytes / rawGzip) * 100).toFixed(3)}% of the raw gzip logs (target ≤ 1%)\n`,
    );
  }
  const engine = await DuckDbEngine.open(LAKE);
  try {
    const timings: string[] = [];
    const started = performance.now();
    for (const name of DERIVED) {
      const t = performance.now();
      const run = await runQueries(engine, [name], params);
      timings.push(
        `${name} ${((performance.now() - t) / 1000).toFixed(1)} s (${run.results[0]?.result.rows.length.toLocaleString('en-US')} rows)`,
      );
    }
    process.stdout.write(
      `  all six derived queries on DuckDB for the month: ${((performance.now() - started) / 1000).toFixed(1)} s wall\n    ${timings.join(', ')}\n`,
    );
  } finally {
    await engine.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFinopsBench();
