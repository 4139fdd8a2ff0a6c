import { describe, expect, it } from 'vitest';
import type { ObjectInfo } from '../../shared/ports';
import { planChunks, SPLIT_BYTES } from '../../src/cli/read-chunks';

const objects = (sizes: number[]): ObjectInfo[] => sizes.map((size, i) => ({ key: `o${i}`, size }));
const keys = (chunks: ObjectInfo[][]) => chunks.map((c) => c.map((o) => o.key));
const bytes = (chunk: ObjectInfo[]) => chunk.reduce((n, o) => n + o.size, 0);

describe('planChunks', () => {
  it('keeps a unit under the split size whole', () => {
    expect(keys(planChunks(objects([1000, 2000, 3000]), 4))).toEqual([['o0', 'o1', 'o2']]);
  });

  it('splits a large unit into one run of consecutive objects per worker, of about equal size, in order', () => {
    const sizes = Array.from({ length: 40 }, (_, i) => 1_000_000 + (i % 7) * 100_000);
    const chunks = planChunks(objects(sizes), 2);
    expect(chunks).toHaveLength(2);
    expect(chunks.flat().map((o) => o.key)).toEqual(sizes.map((_, i) => `o${i}`));
    const [a, b] = chunks.map(bytes) as [number, number];
    // Within one object of each other.
    expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(...sizes));
  });

  it('never makes more chunks than objects, nor leaves one empty', () => {
    const chunks = planChunks(objects([SPLIT_BYTES * 3]), 4);
    expect(keys(chunks)).toEqual([['o0']]);
    for (const threads of [2, 3, 4])
      for (const c of planChunks(objects([SPLIT_BYTES, 1, SPLIT_BYTES, 1, 1]), threads))
        expect(c.length).toBeGreaterThan(0);
  });

  describe('edge cases', () => {
    it('returns one empty chunk for no objects', () => {
      expect(planChunks([], 2)).toEqual([[]]);
    });

    it('splits past the thread count to keep each chunk under 32 MiB', () => {
      const chunks = planChunks(objects(Array.from({ length: 20 }, () => 8 * 1024 * 1024)), 2);
      expect(chunks.length).toBeGreaterThanOrEqual(5);
      for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(40 * 1024 * 1024);
    });
  });
});
