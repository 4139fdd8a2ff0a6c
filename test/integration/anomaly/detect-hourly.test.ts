import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { listIncidents } from '../../../shared/anomaly/incident-store';
import { type DetectionSummary, runDetection } from '../../../shared/anomaly/run-detection';
import type { SlowReads } from '../../../shared/anomaly/slow-families';
import { MEASURED } from '../../../shared/estimate';
import { fixedClock } from '../../../shared/ports';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { RecordingNotifier, seasonal, writeUsage } from '../../support/anomaly-lake';
import { type GpuHour, writeLake } from '../../support/finops-lake';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T00:00:00Z');
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** The GPU idles (1%) from hour IDLE_FROM to BUSY_AGAIN, busy (60%) before and after. */
const IDLE_FROM = 48;
const BUSY_AGAIN = 58;
/** Runs every 15 minutes, at :05, :20, :35 and :50, over these hours. */
const FIRST_RUN_HOUR = 52;
const LAST_RUN_HOUR = 59;
const RUN_MINUTES = [5, 20, 35, 50];

interface Run {
  at: Date;
  summary: DetectionSummary;
  /** The GPU incident's status in the store after the run (undefined before it opens). */
  gpuStatus: string | undefined;
}

let root: string;

async function schedule(mode: SlowReads): Promise<Run[]> {
  const dir = join(root, mode);
  cpSync(join(root, 'lake'), dir, { recursive: true });
  const store = new FolderStore(dir);
  const engine = await DuckDbEngine.open(dir);
  const runs: Run[] = [];
  try {
    for (let h = FIRST_RUN_HOUR; h <= LAST_RUN_HOUR; h++) {
      for (const m of RUN_MINUTES) {
        const at = new Date(START + h * HOUR + m * 60_000);
        const summary = await runDetection(
          {
            store,
            engine,
            notifier: new RecordingNotifier(),
            clock: fixedClock(at),
            priceBook: shippedPriceBook(),
          },
          { at, slowReads: mode },
        );
        const gpu = (await listIncidents(store)).find((i) => i.kind === 'gpu-idle');
        runs.push({ at, summary, gpuStatus: gpu?.status });
      }
    }
  } finally {
    await engine.close();
  }
  return runs;
}

const sentBy = (runs: Run[]) =>
  runs.flatMap((r, i) => r.summary.alerts.map((a) => `${i} ${a.incidentId} ${a.kind} ${a.event}`));

let always: Run[];
let hourly: Run[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'detect-hourly-'));
  const lake = join(root, 'lake');
  const gpu: GpuHour[] = [];
  for (let h = 0; h < 72; h++) {
    gpu.push({
      hour: new Date(START + h * HOUR).toISOString(),
      resourceId: 'i-0gpu',
      instanceType: 'g5.xlarge',
      util: h >= IDLE_FROM && h < BUSY_AGAIN ? 1 : 60,
      team: 'research',
      environment: 'dev',
    });
  }
  writeLake({ gpu, dir: lake });
  await writeUsage(new FolderStore(lake), START, 3, [
    { team: 'support', feature: 'ticket-summary', environment: 'prod', model: MODEL, calls: seasonal(60) },
  ]);
  always = await schedule('always');
  hourly = await schedule('hourly');
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runDetection with hourly slow reads', () => {
  it('reads GPU and billed cost on the first run and the first run to see each new complete hour', () => {
    const read = hourly.filter((r) => r.summary.slowFamilies === 'read').map((r) => r.at.toISOString());
    // A complete hour is settled 15 minutes after it ends: the :20 run is the first to see it.
    const expected = [hourly[0] as Run, ...hourly.filter((r) => r.at.getUTCMinutes() === 20)];
    expect(read).toEqual([...new Set(expected.map((r) => r.at.toISOString()))]);
    expect(always.every((r) => r.summary.slowFamilies === 'read')).toBe(true);
  });

  it('sends two queries fewer (GPU, billed cost) on the runs in between', () => {
    hourly.forEach((r, i) => {
      const full = (always[i] as Run).summary.queries;
      expect(r.summary.queries).toBe(r.summary.slowFamilies === 'read' ? full : full - 2);
    });
    const skipped = hourly.filter((r) => r.summary.slowFamilies === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => r.summary.series.gpuEpisodes === 0)).toBe(true);
  });

  it('sends what the cost estimate counts: a query a run, two more an hour, at most two an alert', () => {
    for (const r of hourly) {
      const slow = r.summary.slowFamilies === 'read' ? MEASURED.detectionQueriesPerHour : 0;
      const base = MEASURED.detectionQueriesPerRun + slow;
      expect(r.summary.queries).toBeGreaterThanOrEqual(base);
      expect(r.summary.queries).toBeLessThanOrEqual(
        base + MEASURED.detectionQueriesPerAlert * r.summary.alerts.length,
      );
    }
    const quiet = hourly.filter((r) => r.summary.alerts.length === 0 && r.summary.slowFamilies === 'skipped');
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet.every((r) => r.summary.queries === MEASURED.detectionQueriesPerRun)).toBe(true);
  });

  it('alerts the idle GPU once at an hourly run and keeps it open across the runs in between', () => {
    const gpuAlerts = hourly.flatMap((r) =>
      r.summary.alerts.filter((a) => a.kind === 'gpu-idle').map((a) => ({ r, event: a.event })),
    );
    expect(gpuAlerts.map((a) => a.event)).toEqual(['open', 'resolved']);
    const [opened, resolved] = gpuAlerts;
    expect(opened?.r.summary.slowFamilies).toBe('read');
    expect(resolved?.r.summary.slowFamilies).toBe('read');
    const from = hourly.indexOf(opened?.r as Run);
    const to = hourly.indexOf(resolved?.r as Run);
    const between = hourly.slice(from, to);
    expect(between.some((r) => r.summary.slowFamilies === 'skipped')).toBe(true);
    expect(between.every((r) => r.gpuStatus === 'open' && r.summary.closed === 0)).toBe(true);
    expect(hourly[to]?.gpuStatus).toBe('closed');
  });

  it('sends the same alerts at the same runs as reading every family every run (a replay)', () => {
    expect(sentBy(always).some((s) => s.includes('gpu-idle open'))).toBe(true);
    expect(sentBy(hourly)).toEqual(sentBy(always));
  });
});
