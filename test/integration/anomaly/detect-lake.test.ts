import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { ackIncident, markNotAnomaly, snoozeIncident } from '../../../shared/anomaly/incident-actions';
import { listIncidents } from '../../../shared/anomaly/incident-store';
import { addRelease } from '../../../shared/anomaly/releases';
import { runDetection } from '../../../shared/anomaly/run-detection';
import { fixedClock } from '../../../shared/ports';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { RecordingNotifier, seasonal, writeUsage } from '../../support/anomaly-lake';

const HOUR = 3_600_000;
const START = Date.parse('2026-02-01T00:00:00Z');
const DAYS = 23;
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** The spike: support's calls x5 from hour SPIKE_AT on, for SPIKE_HOURS hours. */
const SPIKE_AT = 20 * 24 + 9;
const SPIKE_HOURS = 4;

let dir: string;
let store: FolderStore;

const spiky = (h: number) => seasonal(60, 1)(h) * (h >= SPIKE_AT && h < SPIKE_AT + SPIKE_HOURS ? 5 : 1);
// Growth falls by as much as support rises: the total stays flat, support's spike must still show.
const offsetting = (h: number) =>
  seasonal(400, 2)(h) - (h >= SPIKE_AT && h < SPIKE_AT + SPIKE_HOURS ? seasonal(60, 1)(h) * 4 : 0);

async function detectAt(hour: number, notifier = new RecordingNotifier()) {
  const at = new Date(START + hour * HOUR + 20 * 60_000);
  const engine = await DuckDbEngine.open(dir);
  try {
    const summary = await runDetection(
      { store, engine, notifier, clock: fixedClock(at), priceBook: shippedPriceBook() },
      { at },
    );
    return { summary, notifier };
  } finally {
    await engine.close();
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detect-lake-'));
  store = new FolderStore(dir);
  await writeUsage(store, START, DAYS, [
    { team: 'support', feature: 'ticket-summary', environment: 'prod', model: MODEL, calls: spiky },
    { team: 'growth', feature: 'email-copy', environment: 'prod', model: MODEL, calls: offsetting },
  ]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runDetection over a generated lake', () => {
  it("opens one incident for one team's spike that another team's drop cancels in the total", async () => {
    await addRelease(store, fixedClock('2026-02-21T08:00:00Z'), {
      at: Date.parse('2026-02-21T08:40:00Z'),
      team: 'support',
      feature: 'ticket-summary',
      version: 'v2.4.0',
      note: 'longer prompt',
    });
    const { summary, notifier } = await detectAt(SPIKE_AT + 2);
    const support = summary.alerts.filter((a) => a.series.dimensions.team === 'support');
    expect(support).toHaveLength(1);
    const alert = support[0];
    expect(alert?.event).toBe('open');
    expect(alert?.startedAt).toBe(new Date(START + SPIKE_AT * HOUR).toISOString());
    expect(alert?.observed).toBeGreaterThan(3 * (alert?.expected ?? 0));
    expect(alert?.impact.extraCostSoFar).toBeGreaterThan(0);
    expect(alert?.impact.extraCostPerDay).toBeGreaterThan(0);
    expect(alert?.release?.version).toBe('v2.4.0');
    const msg = notifier.sent.find((m) => m.attributes.team === 'support');
    expect(msg?.attributes).toEqual({
      team: 'support',
      environment: 'prod',
      severity: alert?.severity,
      kind: 'usage',
    });
    expect(msg?.text).toContain('v2.4.0');
    expect(summary.bytesScanned).toBeLessThan(5_000_000);
  });

  it('alerts once per incident across runs, then closes it when the series is back to normal', async () => {
    const first = await detectAt(SPIKE_AT + 1);
    const second = await detectAt(SPIKE_AT + 2);
    expect(first.summary.alerts.filter((a) => a.series.dimensions.team === 'support')).toHaveLength(1);
    expect(second.summary.alerts.filter((a) => a.series.dimensions.team === 'support')).toHaveLength(0);
    const later = await detectAt(SPIKE_AT + SPIKE_HOURS + 30);
    const resolved = later.summary.alerts.filter((a) => a.series.dimensions.team === 'support');
    expect(resolved.map((a) => a.event)).toEqual(['resolved']);
    const incidents = (await listIncidents(store)).filter((i) => i.team === 'support');
    expect(incidents.map((i) => i.status)).toEqual(['closed']);
  });

  it('keeps quiet for a snoozed incident and records an ack', async () => {
    await detectAt(SPIKE_AT + 1);
    const [incident] = (await listIncidents(store)).filter((i) => i.team === 'support');
    if (!incident) throw new Error('no incident');
    await ackIncident(store, incident.id, new Date(START + (SPIKE_AT + 1) * HOUR), 'sam');
    await snoozeIncident(store, incident.id, new Date(START + (SPIKE_AT + 100) * HOUR));
    const later = await detectAt(SPIKE_AT + SPIKE_HOURS + 30);
    expect(later.summary.alerts.filter((a) => a.series.dimensions.team === 'support')).toHaveLength(0);
    expect(later.summary.suppressed.snoozed).toBeGreaterThanOrEqual(1);
    const after = (await listIncidents(store)).find((i) => i.id === incident.id);
    expect(after?.acknowledged?.by).toBe('sam');
  });

  it('does not alert again on a series marked not-anomaly for a departure of the same size', async () => {
    await detectAt(SPIKE_AT + 1);
    const [incident] = (await listIncidents(store)).filter((i) => i.team === 'support');
    if (!incident) throw new Error('no incident');
    await markNotAnomaly(store, incident.id, new Date(START + (SPIKE_AT + 1) * HOUR));
    // A fresh store state for the same data: the dismissed incident is gone, its feedback stays.
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, '_state', 'incidents'), { recursive: true, force: true });
    const again = await detectAt(SPIKE_AT + 2);
    expect(again.summary.alerts.filter((a) => a.series.dimensions.team === 'support')).toHaveLength(0);
    expect(again.summary.suppressed.tolerated).toBeGreaterThanOrEqual(1);
  });
});
