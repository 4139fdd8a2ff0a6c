import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { listIncidents } from '../../../shared/anomaly/incident-store';
import { runDetection } from '../../../shared/anomaly/run-detection';
import { fixedClock } from '../../../shared/ports';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { RecordingNotifier, seasonal } from '../../support/anomaly-lake';
import { spread, writeQuarterUsage } from '../../support/quarter-lake';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;
const START = Date.parse('2026-02-01T00:00:00Z');
const DAYS = 23;
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** The hour whose second quarter (minute 15) carries the spike. */
const SPIKE_HOUR = 21 * 24 + 10;

let dir: string;
let store: FolderStore;

const normal = spread(seasonal(120, 1));
const steady = spread(seasonal(400, 2));

async function detectAt(ms: number) {
  const at = new Date(ms);
  const notifier = new RecordingNotifier();
  const engine = await DuckDbEngine.open(dir);
  try {
    const summary = await runDetection(
      { store, engine, notifier, clock: fixedClock(at), priceBook: shippedPriceBook() },
      { at },
    );
    return { summary, support: summary.alerts.filter((a) => a.series.dimensions.team === 'support') };
  } finally {
    await engine.close();
  }
}

async function write(spikeFactor: number, errorsInSpike = false) {
  const spiky = (h: number, q: number) =>
    Math.round(normal(h, q) * (h === SPIKE_HOUR && q === 1 ? spikeFactor : 1));
  await writeQuarterUsage(store, START, DAYS, [
    {
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
      model: MODEL,
      calls: spiky,
      ...(errorsInSpike
        ? {
            errors: (h: number, q: number) => (h === SPIKE_HOUR && q === 1 ? Math.round(spiky(h, q) / 2) : 0),
          }
        : {}),
    },
    { team: 'growth', feature: 'email-copy', environment: 'prod', model: MODEL, calls: steady },
  ]);
}

const hourStart = START + SPIKE_HOUR * HOUR;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'detect-quarters-'));
  store = new FolderStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runDetection on quarter hours of the current hour', () => {
  it('alerts a spike in the second quarter at that quarter’s end, once, and the hourly run does not alert again', async () => {
    await write(5);
    const firstQuarter = await detectAt(hourStart + QUARTER);
    expect(firstQuarter.summary.alerts).toEqual([]);

    const early = await detectAt(hourStart + 2 * QUARTER);
    expect(early.support).toHaveLength(1);
    const alert = early.support[0];
    expect(alert?.event).toBe('open');
    expect(alert?.kind).toBe('usage');
    expect(alert?.per).toBe('quarter hour');
    expect(alert?.startedAt).toBe(new Date(hourStart + QUARTER).toISOString());
    expect(alert?.observed).toBeGreaterThan(3 * (alert?.expected ?? Number.POSITIVE_INFINITY));
    expect(alert?.impact.extraCostSoFar).toBeGreaterThan(0);
    expect(early.summary.alerts.filter((a) => a.series.dimensions.team === 'growth')).toEqual([]);

    const nextQuarter = await detectAt(hourStart + 3 * QUARTER);
    expect(nextQuarter.summary.alerts).toEqual([]);
    // The hour is complete: the hourly series takes the incident over without a second alert.
    const hourly = await detectAt(hourStart + HOUR + QUARTER);
    expect(hourly.summary.alerts).toEqual([]);
    const incidents = (await listIncidents(store)).filter((i) => i.team === 'support');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.status).toBe('open');
    expect(incidents[0]?.notifications).toBe(1);
    expect(incidents[0]?.alert.per).toBeUndefined();
  });

  it('reads kilobytes to megabytes, not the raw invocations', async () => {
    await write(5);
    const { summary } = await detectAt(hourStart + 2 * QUARTER);
    expect(summary.queries).toBeGreaterThanOrEqual(2);
    expect(summary.bytesScanned).toBeLessThan(5_000_000);
  });

  describe('edge cases', () => {
    it('does not alert a normal quarter, nor a modest rise the hourly band would judge', async () => {
      await write(1.5);
      const run = await detectAt(hourStart + 2 * QUARTER);
      expect(run.summary.alerts).toEqual([]);
    });

    it('does not alert a first quarter that usually carries the whole hour (calls logged at :00)', async () => {
      const perHour = seasonal(120, 1);
      await writeQuarterUsage(store, START, DAYS, [
        {
          team: 'support',
          feature: 'batch-summary',
          environment: 'prod',
          model: MODEL,
          calls: (h, q) => (q === 0 ? perHour(h) : 0),
        },
      ]);
      const run = await detectAt(hourStart + QUARTER);
      expect(run.summary.alerts).toEqual([]);
      expect(run.summary.series.usage).toBe(1);
    });

    it('leaves a quarter of fewer than 5 calls to the hour, however far above its share', async () => {
      const quiet = (spike: number) => (h: number, q: number) => (h === SPIKE_HOUR && q === 1 ? spike : 1);
      await writeQuarterUsage(store, START, DAYS, [
        { team: 'support', feature: 'few', environment: 'prod', model: MODEL, calls: quiet(4) },
        { team: 'support', feature: 'more', environment: 'prod', model: MODEL, calls: quiet(8) },
      ]);
      const run = await detectAt(hourStart + 2 * QUARTER);
      expect(run.support.map((a) => a.series.dimensions.feature)).toEqual(['more']);
    });

    it('opens an error-rate incident early when half the quarter’s calls fail', async () => {
      await write(1, true);
      const run = await detectAt(hourStart + 2 * QUARTER);
      expect(run.support.map((a) => [a.kind, a.series.metric])).toEqual([['errors', 'error_rate']]);
      expect(run.support[0]?.observed).toBeGreaterThan(0.4);
    });
  });
});
