import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { listIncidents } from '../../../shared/anomaly/incident-store';
import { runDetection } from '../../../shared/anomaly/run-detection';
import { anomalySchema } from '../../../shared/config/anomaly-schema';
import { DETECTORS } from '../../../shared/detect/registry';
import { boundScore } from '../../../shared/detect/verdict';
import { fixedClock } from '../../../shared/ports';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { RecordingNotifier, seasonal, writeUsage } from '../../support/anomaly-lake';

const HOUR = 3_600_000;
const START = Date.parse('2026-02-01T00:00:00Z');
const DAYS = 23;
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** support's tokens x3 from this hour on, for three hours (day 20, 09:00 UTC). */
const BURST_AT = 20 * 24 + 9;
const TOKENS_PER_HOUR_LIMIT = 120_000;

const thresholds = anomalySchema.parse({
  thresholds: [
    { name: 'support-tokens', team: 'support', maxTokensPerHour: TOKENS_PER_HOUR_LIMIT },
    { name: 'growth-spend', team: 'growth', environment: 'prod', maxSpendPerDay: '5' },
  ],
}).thresholds;

let dir: string;
let store: FolderStore;

async function detectAt(hour: number) {
  const at = new Date(START + hour * HOUR + 20 * 60_000);
  const notifier = new RecordingNotifier();
  const engine = await DuckDbEngine.open(dir);
  try {
    const summary = await runDetection(
      { store, engine, notifier, clock: fixedClock(at), priceBook: shippedPriceBook() },
      { at, thresholds },
    );
    return {
      summary,
      notifier,
      limits: summary.alerts.filter((a) => a.detector === 'static-threshold'),
    };
  } finally {
    await engine.close();
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detect-thresholds-'));
  store = new FolderStore(dir);
  const support = seasonal(60, 1);
  await writeUsage(store, START, DAYS, [
    {
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
      model: MODEL,
      calls: (h) => support(h) * (h >= BURST_AT && h < BURST_AT + 3 ? 3 : 1),
    },
    // About 400 calls of 1,000 Sonnet tokens an hour: some $2 an hour, past $5 early each day.
    { team: 'growth', feature: 'email-copy', environment: 'prod', model: MODEL, calls: seasonal(400, 2) },
  ]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runDetection with static thresholds from the configuration', () => {
  it('alerts an hour over maxTokensPerHour once, with the limit as the expected value and bound', async () => {
    const first = await detectAt(BURST_AT + 1);
    const tokens = first.limits.filter((a) => a.series.dimensions.threshold === 'support-tokens');
    expect(tokens).toHaveLength(1);
    const alert = tokens[0];
    expect(alert?.event).toBe('open');
    expect(alert?.expected).toBe(TOKENS_PER_HOUR_LIMIT);
    expect(alert?.observed).toBeGreaterThan(TOKENS_PER_HOUR_LIMIT);
    expect(alert?.per).toBe('hour');
    expect(alert?.startedAt).toBe(new Date(START + BURST_AT * HOUR).toISOString());
    expect(alert?.summary).toContain(`configured maximum of ${TOKENS_PER_HOUR_LIMIT}`);
    const score = boundScore((alert?.observed ?? 0) / TOKENS_PER_HOUR_LIMIT);
    expect(alert?.severity).toBe(DETECTORS['static-threshold'].severity({ verdict: 'anomalous', score }));
    const msg = first.notifier.sent.find((m) => m.text.includes('support-tokens'));
    expect(msg?.attributes.team).toBe('support');
    expect(msg?.attributes.kind).toBe('usage');

    const second = await detectAt(BURST_AT + 2);
    expect(second.limits.filter((a) => a.series.dimensions.threshold === 'support-tokens')).toEqual([]);
    const later = await detectAt(BURST_AT + 7);
    expect(later.limits.map((a) => [a.series.dimensions.threshold, a.event])).toContainEqual([
      'support-tokens',
      'resolved',
    ]);
  });

  it('alerts a team’s estimated spend past maxSpendPerDay once a day', async () => {
    const first = await detectAt(BURST_AT + 1);
    const spend = first.limits.filter((a) => a.series.dimensions.threshold === 'growth-spend');
    expect(spend).toHaveLength(1);
    expect(spend[0]?.expected).toBe(5);
    expect(spend[0]?.observed).toBeGreaterThan(5);
    expect(spend[0]?.per).toBe('day');
    expect(spend[0]?.impact.extraCostSoFar).toBeCloseTo((spend[0]?.observed ?? 0) - 5, 2);
    expect(spend[0]?.startedAt).toBe(new Date(START + 20 * 24 * HOUR).toISOString());
    const again = await detectAt(BURST_AT + 2);
    expect(again.limits.filter((a) => a.series.dimensions.threshold === 'growth-spend')).toEqual([]);
    const incidents = (await listIncidents(store)).filter((i) => i.alert.detector === 'static-threshold');
    expect(incidents.map((i) => i.alert.series.dimensions.threshold).sort()).toEqual([
      'growth-spend',
      'support-tokens',
    ]);
  });
});
