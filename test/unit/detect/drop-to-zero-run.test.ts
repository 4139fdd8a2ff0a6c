import { describe, expect, it } from 'vitest';
import { DropToZero } from '../../../shared/detect/drop-to-zero';

/** A detector past its history: 40 samples of 20 where 20 was expected. */
function warmed(): DropToZero {
  const d = new DropToZero();
  for (let i = 0; i < 40; i++) d.step(20, 20, 40);
  return d;
}

describe('DropToZero', () => {
  it('returns anomalous once a run of zeros adds up past the bound of its sum, each zero being within the band', () => {
    const d = warmed();
    // Expected 20 against a bound of 40: one zero is within the band (20 < 0.75 × 40).
    const verdicts = [1, 2, 3, 4].map(() => d.step(0, 20, 40).verdict);
    // 2 zeros: 40 < 30 × √2; 3 zeros: 60 > 30 × √3.
    expect(verdicts).toEqual(['normal', 'normal', 'anomalous', 'anomalous']);
  });

  it('returns normal for a single zero within the band, and starts the run again after a value', () => {
    const d = warmed();
    expect(d.step(0, 20, 40).verdict).toBe('normal');
    expect(d.step(18, 20, 40).verdict).toBe('normal');
    expect(d.step(0, 20, 40).verdict).toBe('normal');
    expect(d.step(0, 20, 40).verdict).toBe('normal');
  });

  describe('edge cases', () => {
    it('returns normal on a series where zeros are usual, however long the run', () => {
      const d = new DropToZero();
      for (let i = 0; i < 60; i++) d.step(i % 5 === 0 ? 0 : 20, 20, 40);
      expect([1, 2, 3, 4, 5].map(() => d.step(0, 20, 40).verdict)).not.toContain('anomalous');
    });

    it('returns anomalous at once for a zero far below the band, as before', () => {
      expect(warmed().step(0, 35, 40).verdict).toBe('anomalous');
    });
  });
});
