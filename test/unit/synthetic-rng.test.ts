import { describe, expect, it } from 'vitest';
import { mixSeed, Rng } from '../../src/demo/rng';

describe('Rng', () => {
  it('returns the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 8 }, () => rng.uint32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('derives independent streams from the parts of a name', () => {
    expect(mixSeed(1, 2, 3)).toBe(mixSeed(1, 2, 3));
    expect(mixSeed(1, 2, 3)).not.toBe(mixSeed(1, 3, 2));
    expect(Rng.derive(5, 1).next()).not.toBe(Rng.derive(5, 2).next());
  });

  it('draws integers within inclusive bounds, reaching both ends', () => {
    const rng = new Rng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('draws uuid-v4-shaped ids and hex of the asked length', () => {
    const rng = new Rng(11);
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = rng.uuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(500);
    expect(rng.hex(16)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never picks a zero weight and follows the others roughly', () => {
    const rng = new Rng(13);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) {
      const index = rng.weightedIndex([1, 0, 3]);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeGreaterThan(2.5);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeLessThan(3.5);
  });

  it('draws log-normal values around the median', () => {
    const rng = new Rng(17);
    const values = Array.from({ length: 4001 }, () => rng.lognormal(500, 0.6)).sort((a, b) => a - b);
    const median = values[2000] ?? 0;
    expect(median).toBeGreaterThan(450);
    expect(median).toBeLessThan(550);
    expect(values.every((v) => v > 0)).toBe(true);
  });
});
