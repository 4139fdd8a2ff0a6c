import { describe, expect, it } from 'vitest';
import { SeriesDetector, WARM_UP_SAMPLES } from '../../../shared/detect/series-detector';
import { HOUR, requestCounts } from '../../support/detect-shapes';

describe('SeriesDetector.peek', () => {
  it('returns undefined during warm-up', () => {
    const d = new SeriesDetector();
    for (let i = 0; i < WARM_UP_SAMPLES - 1; i++) d.push(i * HOUR, 100);
    expect(d.peek(WARM_UP_SAMPLES * HOUR, 100)).toBeUndefined();
  });

  it('changes nothing: a detector peeked at before every sample gives the same verdicts', () => {
    const { timestamps, values } = requestCounts(4, 7);
    const plain = new SeriesDetector();
    const peeked = new SeriesDetector();
    let differing = 0;
    let peeks = 0;
    for (let i = 0; i < values.length; i++) {
      const t = timestamps[i] as number;
      const x = values[i] as number;
      // Peek ahead at the next hour with a wild value, as early detection does.
      if (peeked.peek(t, x * 5) !== undefined) peeks++;
      const a = plain.push(t, x);
      const b = peeked.push(t, x);
      if (JSON.stringify(a) !== JSON.stringify(b)) differing++;
    }
    expect(peeks).toBeGreaterThan(values.length / 2);
    expect(differing).toBe(0);
  });

  it('expects about the value a normal hour has, and puts five times that past the bound', () => {
    const { timestamps, values } = requestCounts(4, 3);
    const d = new SeriesDetector();
    const n = values.length - 1;
    for (let i = 0; i < n; i++) d.push(timestamps[i] as number, values[i] as number);
    const t = timestamps[n] as number;
    const x = values[n] as number;
    const normal = d.peek(t, x);
    expect(normal).toBeDefined();
    expect(Math.abs(x - (normal?.expected ?? 0))).toBeLessThan(normal?.bound ?? 0);
    const wild = d.peek(t, 5 * x);
    expect(5 * x - (wild?.expected ?? 0)).toBeGreaterThan(wild?.bound ?? Number.POSITIVE_INFINITY);
    expect(wild?.recurring).toBe(false);
  });
});
