import { describe, expect, it } from 'vitest';
import { RecurringExcursions } from '../../../shared/detect/recurring';
import { detectSeries } from '../../../shared/detect/series-detector';
import { alertIndices, DAY, FIVE_MINUTES, HOUR, noise, shape } from '../../support/detect-shapes';

const PER_DAY = DAY / FIVE_MINUTES;

/** Two weeks of quiet 5-minute CPU with a nightly job: one sample at about 03:05–03:40, 10× the level. */
function nightlyJob(seed: number) {
  const rand = noise(seed);
  const jobAt = Array.from({ length: 14 }, (_, d) => d * PER_DAY + 37 + ((d * 5) % 8));
  const s = shape(14 * PER_DAY, FIVE_MINUTES, () => 0.13 + 0.01 * rand());
  for (const i of jobAt) s.values[i] = 1.5 + 0.05 * rand();
  return { s, jobAt };
}

describe('RecurringExcursions', () => {
  it('expects a burst seen near the same hour on two earlier days, not on one', () => {
    const r = new RecurringExcursions();
    r.record(3 * HOUR, 1.4);
    expect(r.expected(DAY + 3 * HOUR, 1.5)).toBe(false);
    r.record(DAY + 3.5 * HOUR, 1.5);
    expect(r.expected(2 * DAY + 4.2 * HOUR, 1.5)).toBe(true);
    // Much larger than before, the other way, or at another time of day: not expected.
    expect(r.expected(2 * DAY + 3 * HOUR, 3)).toBe(false);
    expect(r.expected(2 * DAY + 3 * HOUR, -1.5)).toBe(false);
    expect(r.expected(2 * DAY + 9 * HOUR, 1.5)).toBe(false);
  });
});

describe('detectSeries with a daily job', () => {
  it('alerts the nightly burst on the first days only, and still alerts a burst at another hour', () => {
    const { s, jobAt } = nightlyJob(3);
    const novel = 10 * PER_DAY + 200;
    s.values[novel] = 1.6;
    const alerts = alertIndices(detectSeries(s));
    expect(alerts.filter((i) => jobAt.includes(i)).length).toBeLessThanOrEqual(2);
    expect(alerts).toContain(novel);
  });
});
