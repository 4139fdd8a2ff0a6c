/**
 * The spread of recent residuals, robust to outliers: a ring of the last `capacity` absolute
 * residuals of points judged normal. Sorting is amortised: the order statistics are refreshed every
 * `refreshEvery` pushes (every push while the ring is small), which keeps 10,000 series cheap.
 */
export class RobustScale {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  private next = 0;
  private sum = 0;
  private sincRefresh = 0;
  private medianAbs = 0;
  private tailAbs = 0;

  constructor(
    capacity = 256,
    private readonly refreshEvery = 8,
    /** The quantile of |residual| used as the tail bound (0.99: the third largest of 256). */
    private readonly tailQuantile = 0.99,
  ) {
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  /** Number of residuals held. */
  get size(): number {
    return this.count;
  }

  /** Adds one absolute residual. */
  push(absResidual: number): void {
    const capacity = this.ring.length;
    if (this.count === capacity) this.sum -= this.ring[this.next] as number;
    else this.count++;
    this.ring[this.next] = absResidual;
    this.sum += absResidual;
    this.next = (this.next + 1) % capacity;
    this.sincRefresh++;
    if (this.count < 64 || this.sincRefresh >= this.refreshEvery) this.refresh();
  }

  /** Forgets everything (a confirmed change of regime). */
  clear(): void {
    this.count = 0;
    this.next = 0;
    this.sum = 0;
    this.medianAbs = 0;
    this.tailAbs = 0;
  }

  /**
   * A standard-deviation-like spread: the larger of the MAD-based and the mean-absolute-based
   * estimates (equal for Gaussian noise; the mean-based one is larger for heavy tails and stays
   * positive on quantised data where most residuals are exactly zero).
   */
  sigma(): number {
    if (this.count === 0) return 0;
    return Math.max(1.4826 * this.medianAbs, 1.2533 * (this.sum / this.count));
  }

  /** The tail quantile of |residual|: how far normal points have reached lately. */
  tail(): number {
    return this.tailAbs;
  }

  private refresh(): void {
    this.sincRefresh = 0;
    const n = this.count;
    const view = this.sorted.subarray(0, n);
    view.set(this.ring.subarray(0, n));
    view.sort();
    const mid = n >> 1;
    this.medianAbs =
      n % 2 === 1 ? (view[mid] as number) : ((view[mid - 1] as number) + (view[mid] as number)) / 2;
    this.tailAbs = view[Math.min(n - 1, Math.floor(this.tailQuantile * n))] as number;
  }
}
