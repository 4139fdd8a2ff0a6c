import { describe, expect, it } from 'vitest';
import { detectSeries, WARM_UP_SAMPLES } from '../../../shared/detect/series-detector';
import {
  alertIndices,
  DAY,
  FIVE_MINUTES,
  HOUR,
  noise,
  requestCounts,
  shape,
} from '../../support/detect-shapes';

describe('detectSeries', () => {
  it('raises no alert on a clean seasonal series with weekends (after the first week)', () => {
    const s = requestCounts(6, 3);
    const alerts = alertIndices(detectSeries(s)).filter((i) => i >= 168);
    expect(alerts).toEqual([]);
  });

  it('alerts a 3× spike on the spike row itself, once', () => {
    const s = requestCounts(5, 4);
    const at = 4 * 168 + 30;
    s.values[at] = 3 * (s.values[at] as number);
    const alerts = alertIndices(detectSeries(s)).filter((i) => i >= 168);
    expect(alerts).toEqual([at]);
  });

  it('alerts a dip, and a drop to zero', () => {
    const s = requestCounts(5, 5);
    const dip = 3 * 168 + 40;
    const zero = 4 * 168 + 60;
    s.values[dip] = 0.3 * (s.values[dip] as number);
    s.values[zero] = 0;
    const alerts = alertIndices(detectSeries(s)).filter((i) => i >= 168);
    expect(alerts).toEqual([dip, zero]);
  });

  it('is not applicable before warm-up', () => {
    const g = noise(2);
    const s = shape(20, HOUR, () => 50 + g());
    const points = detectSeries(s);
    expect(points.every((p) => p.verdict === 'not-applicable' && !p.anomaly && p.score === 0)).toBe(true);
    expect(WARM_UP_SAMPLES).toBeGreaterThan(20);
  });

  describe('sustained changes', () => {
    it('alerts a CPU series jumping to a new level once, then takes the new level as normal', () => {
      const g = noise(6);
      const s = shape(2000, FIVE_MINUTES, (i) => (i < 1200 ? 20 : 55) + 2 * g());
      const points = detectSeries(s);
      expect(alertIndices(points)).toEqual([1200]);
      expect(points.slice(1300).every((p) => p.verdict === 'normal')).toBe(true);
    });

    it('alerts a slow ramp within its first day', () => {
      const g = noise(7);
      const start = 3 * 168;
      const s = shape(5 * 168, HOUR, (i) => 100 * (1 + Math.max(0, Math.min(1, (i - start) / 48))) + 3 * g());
      const alerts = alertIndices(detectSeries(s)).filter((i) => i >= 100);
      expect(alerts.length).toBeGreaterThanOrEqual(1);
      expect(alerts[0]).toBeGreaterThanOrEqual(start);
      expect(alerts[0]).toBeLessThan(start + 24);
    });

    it('alerts a constant series that changes once, once', () => {
      const s = shape(500, HOUR, (i) => (i < 300 ? 7 : 9));
      expect(alertIndices(detectSeries(s))).toEqual([300]);
    });
  });

  describe('edge shapes', () => {
    it('alerts the one spike of an all-zero series', () => {
      const s = shape(400, HOUR, (i) => (i === 250 ? 5 : 0));
      expect(alertIndices(detectSeries(s))).toEqual([250]);
    });

    it('handles values around 1e9 like any others', () => {
      const g = noise(8);
      const s = shape(600, HOUR, (i) => 1e9 + 1e7 * g() + (i === 400 ? 2e9 : 0));
      expect(alertIndices(detectSeries(s))).toEqual([400]);
    });

    it('alerts a flat network series once when it turns noisy, not on every noisy point', () => {
      const g = noise(9);
      const s = shape(1500, FIVE_MINUTES, (i) => (i < 500 ? 1000 : 1000 + 300 * g()));
      const alerts = alertIndices(detectSeries(s));
      expect(alerts.length).toBeGreaterThanOrEqual(1);
      expect(alerts.length).toBeLessThanOrEqual(3);
      expect(alerts[0]).toBeGreaterThanOrEqual(500);
    });

    it('reads daily samples with a weekly pattern without alerting', () => {
      const g = noise(10);
      const s = shape(120, DAY, (i) => (i % 7 >= 5 ? 40 : 100) + 2 * g());
      expect(alertIndices(detectSeries(s)).filter((i) => i >= 21)).toEqual([]);
    });

    it('treats NaN values as gaps and alerts a logging outage', () => {
      const s = requestCounts(4, 11);
      for (let i = 500; i < 506; i++) s.values[i] = Number.NaN;
      s.values[300] = Number.NaN;
      const points = detectSeries(s);
      expect(points[300]?.anomaly).toBe(false);
      const outage = alertIndices(points).filter((i) => i >= 168);
      expect(outage).toEqual([502]);
      expect(points[502]?.detector).toBe('missing-data');
    });
  });

  describe('no look-ahead', () => {
    it('gives a prefix the same outcome as the same rows of the full run', () => {
      const s = requestCounts(5, 12);
      s.values[600] = 4 * (s.values[600] as number);
      for (let i = 700; i < 840; i++) s.values[i] = 1.8 * (s.values[i] as number);
      const full = detectSeries(s);
      for (const n of [10, 40, 333, 601, 705, 760]) {
        const prefix = detectSeries({ timestamps: s.timestamps.slice(0, n), values: s.values.slice(0, n) });
        expect(prefix).toEqual(full.slice(0, n));
      }
    });
  });
});
