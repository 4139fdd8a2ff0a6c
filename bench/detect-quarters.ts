/**
 * Early (quarter-hour) detection as the 15-minute schedule runs it, over a lake the demo made:
 * `npx tsx bench/detect-quarters.ts [LAKE] [HOURS]` (default `.genai-finops/demo/lake`, 24) copies
 * the lake's tables (not its `_state`), runs the production detection at every quarter hour of the
 * last HOURS hours of data, and prints the alerts opened early (from a quarter hour, before their
 * hour was complete) and the time and bytes of one run. The demo injects one spike: every other early
 * alert is a false one.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDbEngine } from '../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { runDetection } from '../shared/anomaly/run-detection';
import { parseSqlTimestamp } from '../shared/anomaly/window';
import { fixedClock } from '../shared/ports';
import type { Delivery, Notifier } from '../shared/ports/notifier';
import { shippedPriceBook } from '../shared/pricing/shipped-book';

const QUARTER = 15 * 60_000;
const iso = (ms: number | string) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

const quiet: Notifier = { publish: async (): Promise<Delivery> => ({ messageId: 'bench' }) };

async function main(): Promise<void> {
  const source = resolve(process.argv[2] ?? '.genai-finops/demo/lake');
  const hours = Number(process.argv[3] ?? 24);
  const dir = mkdtempSync(join(tmpdir(), 'detect-quarters-'));
  for (const name of readdirSync(source)) {
    if (!name.startsWith('_')) cpSync(join(source, name), join(dir, name), { recursive: true });
  }
  const store = new FolderStore(dir);
  try {
    const probe = await DuckDbEngine.open(dir);
    const last = await probe
      .query(
        'SELECT MAX(hour) AS h, COUNT(DISTINCT team || feature || environment || model) AS n FROM usage_hourly',
      )
      .finally(() => probe.close());
    const end = parseSqlTimestamp(last.rows[0]?.h) + 3_600_000;
    const series = Number(last.rows[0]?.n ?? 0);
    const runs: { ms: number; bytes: number; queries: number }[] = [];
    const early: string[] = [];
    const log: string[] = [];
    let alerts = 0;
    for (let at = end - hours * 3_600_000 + QUARTER; at <= end; at += QUARTER) {
      const engine = await DuckDbEngine.open(dir);
      const t0 = performance.now();
      try {
        const s = await runDetection(
          { store, engine, notifier: quiet, clock: fixedClock(new Date(at)), priceBook: shippedPriceBook() },
          { at: new Date(at) },
        );
        runs.push({ ms: performance.now() - t0, bytes: s.bytesScanned, queries: s.queries });
        for (const a of s.alerts) {
          const d = a.series.dimensions;
          log.push(
            `   run ${iso(at)}: ${a.event} ${a.kind} ${d.threshold ?? d.team}/${d.feature ?? d.resource_id}/${d.environment} (${a.series.metric}${a.per === 'quarter hour' ? ', early' : ''}) from ${iso(a.startedAt)}`,
          );
          if (a.event !== 'open') continue;
          alerts++;
          if (a.per === 'quarter hour') {
            early.push(
              `   run ${iso(at)}: ${a.kind} ${d.team}/${d.feature}/${d.environment} (${a.series.metric}) from ${iso(a.startedAt)}, ${a.observed} vs ${a.expected} expected in the quarter`,
            );
          }
        }
      } finally {
        await engine.close();
      }
    }
    const sorted = (k: 'ms' | 'bytes') => runs.map((r) => r[k]).sort((a, b) => a - b);
    const median = (v: number[]) => v[v.length >> 1] ?? 0;
    process.stdout.write(
      [
        `early detection over the last ${hours} h of ${source}: ${runs.length} runs (every 15 min), ${series} usage series`,
        `alerts opened: ${alerts}, of which early (from a quarter hour): ${early.length}`,
        ...early,
        'every alert sent, in order:',
        ...log,
        `one run: median ${Math.round(median(sorted('ms')))} ms, ${runs[0]?.queries ?? 0} queries, median ${Math.round(median(sorted('bytes')) / 1024)} KiB read (DuckDB's count)`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
