import { describe, expect, it } from 'vitest';
import { inferInterval } from '../../../shared/detect/interval';
import { parseTimestamp } from '../../../shared/detect/parse-timestamp';
import { dayOfWeek, hourOfDay, inferSeasonality } from '../../../shared/detect/seasonality';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const grid = (n: number, step: number, skip: (i: number) => boolean = () => false) =>
  Array.from({ length: n }, (_, i) => i * step).filter((_, i) => !skip(i));

describe('inferInterval', () => {
  it('returns 5 minutes, an hour or a day from regular timestamps', () => {
    expect(inferInterval(grid(100, 5 * MIN))).toEqual({ intervalMs: 5 * MIN, regular: true });
    expect(inferInterval(grid(100, HOUR))).toEqual({ intervalMs: HOUR, regular: true });
    expect(inferInterval(grid(60, DAY))).toEqual({ intervalMs: DAY, regular: true });
  });

  it('is robust to gaps and jitter', () => {
    const gappy = grid(300, HOUR, (i) => i % 7 === 3 || (i > 100 && i < 140));
    expect(inferInterval(gappy)).toEqual({ intervalMs: HOUR, regular: true });
    const jitter = grid(200, 5 * MIN).map((t, i) => t + ((i * 7919) % 21) * 1000 - 10_000);
    expect(inferInterval(jitter)?.intervalMs).toBe(5 * MIN);
  });

  it('flags irregular sampling and needs two distinct timestamps', () => {
    const irregular = [0, 1, 5, 6, 30, 31, 90, 95, 200, 201].map((m) => m * MIN);
    expect(inferInterval(irregular)?.regular).toBe(false);
    expect(inferInterval([5])).toBeUndefined();
    expect(inferInterval([5, 5])).toBeUndefined();
  });
});

describe('inferSeasonality', () => {
  it('derives daily and weekly periods once the history covers two cycles', () => {
    const fiveMin = { intervalMs: 5 * MIN, regular: true };
    expect(inferSeasonality(fiveMin, DAY)).toEqual({});
    expect(inferSeasonality(fiveMin, 3 * DAY)).toEqual({ daily: 288 });
    expect(inferSeasonality({ intervalMs: HOUR, regular: true }, 15 * DAY)).toEqual({
      daily: 24,
      weekly: 168,
    });
    expect(inferSeasonality({ intervalMs: DAY, regular: true }, 20 * DAY)).toEqual({ weekly: 7 });
  });

  it('has none for irregular or unknown sampling', () => {
    expect(inferSeasonality({ intervalMs: HOUR, regular: false }, 60 * DAY)).toEqual({});
    expect(inferSeasonality(undefined, 60 * DAY)).toEqual({});
  });

  it('reads UTC slots', () => {
    const t = Date.UTC(2026, 1, 2, 13, 30); // Monday
    expect(hourOfDay(t)).toBe(13);
    expect(dayOfWeek(t)).toBe(1);
  });
});

describe('parseTimestamp', () => {
  const at = Date.UTC(2024, 2, 1, 12, 0, 5);
  it('reads ISO 8601, the space form and epoch seconds or milliseconds as UTC', () => {
    expect(parseTimestamp('2024-03-01T12:00:05Z')).toBe(at);
    expect(parseTimestamp('2024-03-01T14:00:05+02:00')).toBe(at);
    expect(parseTimestamp('2024-03-01 12:00:05')).toBe(at);
    expect(parseTimestamp('2024-03-01T12:00:05')).toBe(at);
    expect(parseTimestamp(String(at / 1000))).toBe(at);
    expect(parseTimestamp(String(at))).toBe(at);
    expect(parseTimestamp('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
  });

  it('returns NaN for text that is no timestamp', () => {
    expect(parseTimestamp('soon')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
  });
});
