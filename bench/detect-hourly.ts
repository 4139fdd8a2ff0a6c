/**
 * Detection's Athena queries as the 15-minute schedule sends them, over a lake the demo made:
 * `npx tsx bench/detect-hourly.ts [LAKE] [HOURS]` (default `.genai-finops/demo/lake`, 24) copies the
 * lake's tables twice (not its `_state`), runs the production detection at every quarter hour of
 * the last HOURS hours of data reading every family every run (`always`, the CLI) and reading GPU
 * and billed cost once an hour (`hourly`, the scheduled checks), and prints the queries of each
 * kind of run, the month they imply, and whether both sent the same alerts at the same runs.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { runDetection } from '../shared/anomaly/run-detection';
import type { SlowReads } from '../shared/anomaly/slow-families';
import { parseSqlTimestamp } from '../shared/anomaly/window';
import { fixedClock } from '../shared/ports';
import type { Delivery, Notifier } from '../shared/ports/notifier';
import { shippedPriceBook } from '../shared/pricing/shipped-book';

const QUARTER = 15 * 60_000;
const quiet: Notifier = { publish: async (): Promise<Delivery> => ({ messageId: 'bench' }) };

interface Run {
  queries: number;
  bytes: number;
  ms: number;
  slow: boolean;
  alerts: string[];
}

async function schedule(source: string, mode: SlowReads, hours: number): Promise<Run[]> {
  const dir = mkdtempSync(join(tmpdir(), `detect-hourly-${mode}-`));
  for (const name of readdirSync(source)) {
    if (!name.startsWith('_')) cpSync(join(source, name), join(dir, name), { recursive: true });
  }
  const store = new FolderStore(dir);
  const runs: Run[] = [];
  try {
    const probe = await DuckDbEngine.open(dir);
    const last = await probe.query('SELECT MAX(hour) AS h FROM usage_hourly').finally(() => probe.close());
    const end = parseSqlTimestamp(last.rows[0]?.h) + 3_600_000;
    const engine = await DuckDbEngine.open(dir);
    try {
      for (let at = end - hours * 3_600_000 + QUARTER; at <= end; at += QUARTER) {
        const t0 = performance.now();
        const s = await runDetection(
          { store, engine, notifier: quiet, clock: fixedClock(new Date(at)), priceBook: shippedPriceBook() },
          { at: new Date(at), slowReads: mode },
        );
        runs.push({
          queries: s.queries,
          bytes: s.bytesScanned,
          ms: performance.now() - t0,
          slow: s.slowFamilies === 'read',
          alerts: s.alerts.map((a) => `${a.incidentId} ${a.kind} ${a.event}`),
        });
      }
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

async function main(): Promise<void> {
  const source = resolve(process.argv[2] ?? '.genai-finops/demo/lake');
  const hours = Number(process.argv[3] ?? 24);
  const lines = [`detection every 15 minutes over the last ${hours} h of ${source}`];
  const byMode = new Map<SlowReads, Run[]>();
  for (const mode of ['always', 'hourly'] as const) {
    const runs = await schedule(source, mode, hours);
    byMode.set(mode, runs);
    const quiet = runs.filter((r) => r.alerts.length === 0);
    const of = (rs: Run[]) => (rs.length ? `${median(rs.map((r) => r.queries))}` : '-');
    const total = runs.reduce((t, r) => t + r.queries, 0);
    lines.push(
      `${mode}: ${runs.length} runs, ${total} queries (${(total / runs.length).toFixed(2)} a run, ${((total / runs.length) * 96 * 30).toFixed(0)} a month at this rate); ` +
        `runs without alerts: ${of(quiet.filter((r) => r.slow))} queries reading GPU and bill, ${of(quiet.filter((r) => !r.slow))} in between; ` +
        `${runs.filter((r) => r.slow).length} runs read GPU and bill; median ${Math.round(median(runs.map((r) => r.ms)))} ms, ` +
        `${Math.round(median(runs.map((r) => r.bytes)) / 1024)} KiB a run (DuckDB's count)`,
    );
  }
  const sent = (mode: SlowReads) =>
    (byMode.get(mode) ?? []).flatMap((r, i) => r.alerts.map((a) => `${i} ${a}`));
  const same = JSON.stringify(sent('always')) === JSON.stringify(sent('hourly'));
  lines.push(
    `alerts: ${sent('always').length} sent reading every run, ${sent('hourly').length} hourly; same runs and ids: ${same}`,
    '',
  );
  process.stdout.write(lines.join('\n'));
}

await main();
