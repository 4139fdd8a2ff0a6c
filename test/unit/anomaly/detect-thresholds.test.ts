import { describe, expect, it } from 'vitest';
import { detectThresholds } from '../../../shared/anomaly/detect-thresholds';
import type { QuarterUsage } from '../../../shared/anomaly/usage-quarters';
import { dimensionsKey, type UsageSeries } from '../../../shared/anomaly/usage-series';
import { detectionWindow } from '../../../shared/anomaly/window';
import { parseConfig } from '../../../shared/config';
import { anomalySchema } from '../../../shared/config/anomaly-schema';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;
/** The run: 10:20 UTC, so hours up to 09:00 are complete and 10:00's first quarter has ended. */
const AT = new Date('2026-03-10T10:20:00Z');
const DAY_START = Date.parse('2026-03-10T00:00:00Z');
const window = detectionWindow(AT);

const dims = (team: string, feature = 'chat') => ({ team, feature, environment: 'prod', model: 'm' });

/** Hourly series from 48 hours before the run's day to its last complete hour. */
function series(
  d: UsageSeries['dimensions'],
  tokens: (hour: number) => number,
  costPerHour = 0.1,
): UsageSeries {
  const first = DAY_START - 48 * HOUR;
  const n = (window.completeBefore - first) / HOUR;
  const s: UsageSeries = {
    dimensions: d,
    timestamps: new Float64Array(n),
    invocations: new Float64Array(n),
    errors: new Float64Array(n),
    tokens: new Float64Array(n),
    estimatedCost: new Float64Array(n),
    priced: true,
  };
  for (let i = 0; i < n; i++) {
    const t = first + i * HOUR;
    s.timestamps[i] = t;
    s.tokens[i] = tokens(t);
    s.invocations[i] = tokens(t) / 1000;
    s.estimatedCost[i] = costPerHour;
  }
  return s;
}

const quarters = (d: UsageSeries['dimensions'], tokens: number, cost: number): Map<string, QuarterUsage> =>
  new Map([
    [
      dimensionsKey(d),
      {
        dimensions: d,
        quarters: new Map([
          [window.completeBefore, { invocations: tokens / 1000, errors: 0, tokens, cost }],
          [window.completeBefore + QUARTER, { invocations: 1, errors: 0, tokens: 10, cost: 0 }],
        ]),
        priced: true,
        shares: { tokens: [0.25, 0.25, 0.25, 0.25], invocations: [0.25, 0.25, 0.25, 0.25] },
      },
    ],
  ]);

const threshold = (over: Record<string, unknown>) =>
  anomalySchema.parse({ thresholds: [{ name: 'support-limit', team: 'support', ...over }] }).thresholds;

describe('detectThresholds', () => {
  it('returns one episode per run of hours over maxTokensPerHour, with the limit as expected', () => {
    const spikeAt = DAY_START + 4 * HOUR;
    const usage = [
      series(dims('support'), (t) => (t === spikeAt || t === spikeAt + HOUR ? 50_000 : 10_000)),
      series(dims('support', 'search'), () => 5_000),
      series(dims('growth'), () => 90_000),
    ];
    const episodes = detectThresholds(threshold({ maxTokensPerHour: 40_000 }), usage, new Map(), window);
    expect(episodes).toHaveLength(1);
    const e = episodes[0];
    expect(e?.detector).toBe('static-threshold');
    expect(e?.startedAt).toBe(spikeAt);
    expect(e?.lastAnomalousAt).toBe(spikeAt + HOUR);
    // Closed by the third complete hour back under the limit.
    expect(e?.closedAt).toBe(spikeAt + 4 * HOUR);
    // Both support features count towards the team's limit: 50,000 + 5,000.
    expect(e?.observed).toBe(55_000);
    expect(e?.expected).toBe(40_000);
    expect(e?.samplePeriod).toBe('hour');
    expect(e?.series.dimensions).toEqual({ threshold: 'support-limit', team: 'support' });
    // The share of the two hours' $0.20 (both features) past the limit: 2 × 0.2 × (1 − 40/55).
    expect(e?.extraCostSoFar).toBeCloseTo(2 * 0.2 * (1 - 40 / 55), 9);
  });

  it('keeps usage hovering at the limit one incident: a single hour under it does not close', () => {
    const at = (h: number) => DAY_START + h * HOUR;
    const over = new Set([at(2), at(4), at(6)]);
    const usage = [series(dims('support'), (t) => (over.has(t) ? 50_000 : 30_000))];
    const episodes = detectThresholds(threshold({ maxTokensPerHour: 40_000 }), usage, new Map(), window);
    expect(episodes.map((e) => [e.startedAt, e.lastAnomalousAt, e.closedAt])).toEqual([
      [at(2), at(6), at(9)],
    ]);
  });

  it('returns nothing when every hour is under the limit', () => {
    const usage = [series(dims('support'), () => 39_999)];
    expect(detectThresholds(threshold({ maxTokensPerHour: 40_000 }), usage, new Map(), window)).toEqual([]);
  });

  it('counts the hour still going from its ended quarters, and keeps the episode open', () => {
    const d = dims('support');
    const usage = [series(d, () => 10_000)];
    const episodes = detectThresholds(
      threshold({ maxTokensPerHour: 40_000 }),
      usage,
      quarters(d, 45_000, 0.5),
      window,
    );
    expect(episodes.map((e) => [e.startedAt, e.observed, e.closedAt])).toEqual([
      [window.completeBefore, 45_010, undefined],
    ]);
  });

  it('sums the current UTC day’s estimated spend, quarters included, against maxSpendPerDay', () => {
    const d = dims('support');
    // 10 complete hours today at $0.10, plus $0.50 in the hour still going: $1.50.
    const usage = [series(d, () => 10_000)];
    const episodes = detectThresholds(
      threshold({ maxSpendPerDay: '1.25' }),
      usage,
      quarters(d, 1000, 0.5),
      window,
    );
    expect(episodes).toHaveLength(1);
    const e = episodes[0];
    expect(e?.startedAt).toBe(DAY_START);
    expect(e?.series.metric).toBe('estimated_cost');
    expect(e?.samplePeriod).toBe('day');
    expect(e?.observed).toBeCloseTo(1.5, 9);
    expect(e?.expected).toBe(1.25);
    expect(e?.extraCostSoFar).toBe(0.25);
    expect(e?.closedAt).toBeUndefined();
    expect(
      detectThresholds(threshold({ maxSpendPerDay: '1.50' }), usage, quarters(d, 1000, 0.5), window),
    ).toEqual([]);
  });

  describe('configuration', () => {
    it('reads anomaly.thresholds from the one schema, dollars as decimal text', () => {
      const config = parseConfig({
        anomaly: { thresholds: [{ name: 'growth-dev', team: 'growth', maxSpendPerDay: 20 }] },
      });
      expect(config.anomaly.thresholds).toEqual([
        { name: 'growth-dev', team: 'growth', maxSpendPerDay: '20' },
      ]);
      expect(parseConfig({}).anomaly.thresholds).toEqual([]);
    });

    it('rejects a threshold without a limit, a duplicate name and a malformed amount, naming the key', () => {
      expect(() => anomalySchema.parse({ thresholds: [{ name: 'a', team: 'x' }] })).toThrow(
        /maxTokensPerHour/,
      );
      expect(() =>
        anomalySchema.parse({
          thresholds: [
            { name: 'a', maxTokensPerHour: 1 },
            { name: 'a', maxTokensPerHour: 2 },
          ],
        }),
      ).toThrow(/duplicate threshold 'a'/);
      expect(() => parseConfig({ anomaly: { thresholds: [{ name: 'a', maxSpendPerDay: '1e3' }] } })).toThrow(
        /anomaly\.thresholds\[0\]\.maxSpendPerDay/,
      );
    });
  });
});
