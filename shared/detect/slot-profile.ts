/**
 * A seasonal profile: for each slot (hour of day, or hour of week), the last `depth` values seen
 * there, kept sorted so their median is read in constant time. The median of the same slot's recent
 * history is what "same hour last days/weeks" means, and it ignores the odd anomalous visit.
 */
export class SlotProfile {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private readonly count: Uint16Array;
  private readonly next: Uint16Array;

  constructor(
    readonly slots: number,
    private readonly depth: number,
  ) {
    this.ring = new Float64Array(slots * depth);
    this.sorted = new Float64Array(slots * depth);
    this.count = new Uint16Array(slots);
    this.next = new Uint16Array(slots);
  }

  /** Values held for a slot. */
  size(slot: number): number {
    return this.count[slot] as number;
  }

  /** The median of a slot's recent values (NaN when it has none). */
  median(slot: number): number {
    const n = this.count[slot] as number;
    if (n === 0) return Number.NaN;
    const base = slot * this.depth;
    const mid = n >> 1;
    const s = this.sorted;
    return n % 2 === 1
      ? (s[base + mid] as number)
      : ((s[base + mid - 1] as number) + (s[base + mid] as number)) / 2;
  }

  /** Records a value for a slot; the oldest one leaves when the slot is full. */
  push(slot: number, value: number): void {
    const base = slot * this.depth;
    let n = this.count[slot] as number;
    const next = this.next[slot] as number;
    if (n === this.depth) {
      const old = this.ring[base + next] as number;
      const at = this.lowerBound(base, n, old);
      this.sorted.copyWithin(base + at, base + at + 1, base + n);
      n--;
    }
    this.ring[base + next] = value;
    this.next[slot] = (next + 1) % this.depth;
    const at = this.lowerBound(base, n, value);
    this.sorted.copyWithin(base + at + 1, base + at, base + n);
    this.sorted[base + at] = value;
    this.count[slot] = n + 1;
  }

  /** Moves every stored value by `delta` (the level it was measured against moved). */
  shift(delta: number): void {
    for (let i = 0; i < this.ring.length; i++) {
      this.ring[i] = (this.ring[i] as number) + delta;
      this.sorted[i] = (this.sorted[i] as number) + delta;
    }
  }

  private lowerBound(base: number, n: number, v: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if ((this.sorted[base + m] as number) < v) lo = m + 1;
      else hi = m;
    }
    return lo;
  }
}
