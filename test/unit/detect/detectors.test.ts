import { describe, expect, it } from 'vitest';
import { DropToZero } from '../../../shared/detect/drop-to-zero';
import { idleGpu } from '../../../shared/detect/idle-gpu';
import { IncidentTracker } from '../../../shared/detect/incidents';
import { LevelShift } from '../../../shared/detect/level-shift';
import { MissingData } from '../../../shared/detect/missing-data';
import { DETECTORS, describeFinding } from '../../../shared/detect/registry';
import { SeasonalBaseline } from '../../../shared/detect/seasonal-baseline';
import { staticThreshold } from '../../../shared/detect/static-threshold';
import { HOUR, noise } from '../../support/detect-shapes';

describe('SeasonalBaseline', () => {
  const hourly = { intervalMs: HOUR, regular: true };
  const cycle = (i: number) => 100 + 40 * Math.sin((2 * Math.PI * (i % 24)) / 24);

  it('expects the same hour of day once it has seen a few days, and flags a spike', () => {
    const g = noise(1);
    const b = new SeasonalBaseline(hourly);
    b.seed(Array.from({ length: 32 }, (_, i) => cycle(i)));
    for (let i = 0; i < 24 * 10; i++) {
      const x = cycle(i) + g();
      if (i >= 72) expect(b.assess(i * HOUR, x).result.verdict).toBe('normal');
      b.learn(i * HOUR, x, false);
    }
    const t = 24 * 10 * HOUR + 6 * HOUR;
    expect(b.expected(t)).toBeCloseTo(cycle(6), -0.5);
    const spike = b.assess(t, 3 * cycle(6));
    expect(spike.result).toMatchObject({ verdict: 'anomalous', direction: 'up' });
    expect(spike.result.score).toBeGreaterThan(0.9);
  });

  it('does not learn from points judged anomalous', () => {
    const b = new SeasonalBaseline(hourly);
    b.seed(Array.from({ length: 32 }, () => 50));
    for (let i = 0; i < 100; i++) b.learn(i * HOUR, i % 10 === 0 ? 5000 : 50, i % 10 === 0);
    expect(b.expected(100 * HOUR)).toBeCloseTo(50, 5);
  });
});

describe('LevelShift', () => {
  it('fires on a sustained in-band departure within a few samples, and not on a blip', () => {
    const d = new LevelShift();
    const verdicts = [...Array(20).fill(0), 6, 6, 6, ...Array(20).fill(0)].map((z) => d.step(z).verdict);
    expect(verdicts).not.toContain('anomalous');
    const shifted = Array.from({ length: 20 }, () => d.step(3).verdict);
    const first = shifted.indexOf('anomalous');
    expect(first).toBeGreaterThanOrEqual(5);
    expect(first).toBeLessThan(10);
    expect(d.run).toBeGreaterThanOrEqual(6);
  });
  it('skips gaps', () => expect(new LevelShift().step(Number.NaN).verdict).toBe('not-applicable'));
});

describe('DropToZero and MissingData', () => {
  it('flags a zero on a series that is rarely zero, not on one that often is', () => {
    const d = new DropToZero();
    for (let i = 0; i < 40; i++) d.step(100, 100, 20);
    expect(d.step(0, 100, 20).verdict).toBe('anomalous');
    const often = new DropToZero();
    for (let i = 0; i < 40; i++) often.step(i % 3 === 0 ? 0 : 100, 66, 20);
    expect(often.step(0, 66, 20).verdict).toBe('normal');
    expect(new DropToZero().step(0, 100, 20).verdict).toBe('not-applicable');
  });

  it('flags three missing samples in a row after real history', () => {
    const m = new MissingData();
    for (let i = 0; i < 40; i++) m.step(1);
    expect([m.step(Number.NaN), m.step(Number.NaN), m.step(Number.NaN)].map((r) => r.verdict)).toEqual([
      'normal',
      'normal',
      'anomalous',
    ]);
  });
});

describe('staticThreshold and idleGpu', () => {
  it('compares with configured limits', () => {
    expect(staticThreshold(120, { max: 100 })).toMatchObject({
      verdict: 'anomalous',
      direction: 'up',
      upper: 100,
    });
    expect(staticThreshold(80, { max: 100 }).verdict).toBe('normal');
    expect(staticThreshold(80, {}).verdict).toBe('not-applicable');
  });

  it('flags a paid GPU under the floor for N hours, not an unpaid or busy one', () => {
    const idle = Array(8).fill(2);
    expect(idleGpu(idle, Array(8).fill(true)).verdict).toBe('anomalous');
    expect(idleGpu(idle, Array(8).fill(false)).verdict).toBe('not-applicable');
    expect(idleGpu([...Array(7).fill(2), 60], Array(8).fill(true)).verdict).toBe('normal');
    expect(idleGpu([2, 2], [true, true]).verdict).toBe('not-applicable');
  });
});

describe('IncidentTracker', () => {
  const step = (t: IncidentTracker, anomalous: boolean, value: number) =>
    t.step({ anomalous, value, expected: 100, bound: 10, direction: value >= 100 ? 'up' : 'down' });

  it('opens once, escalates past the factor, closes after enough normal samples', () => {
    const t = new IncidentTracker({ escalateFactor: 2, closeAfter: 3 });
    const events = [
      step(t, false, 100),
      step(t, true, 150),
      step(t, true, 160),
      step(t, true, 60),
      step(t, true, 210),
      step(t, false, 100),
      step(t, false, Number.NaN),
      step(t, false, 100),
      step(t, false, 100),
      step(t, true, 150),
    ];
    expect(events).toEqual([
      'none',
      'open',
      'ongoing',
      'ongoing',
      'escalate',
      'ongoing',
      'ongoing',
      'ongoing',
      'close',
      'open',
    ]);
  });
});

describe('registry', () => {
  it('gives every detector a severity and wording', () => {
    for (const id of Object.keys(DETECTORS) as (keyof typeof DETECTORS)[]) {
      const f = describeFinding(id, { verdict: 'anomalous', score: 0.95, expected: 10, direction: 'up' }, 30);
      expect(f.severity).toMatch(/^(low|medium|high|critical)$/);
      expect(f.summary.length).toBeGreaterThan(10);
    }
  });
});
