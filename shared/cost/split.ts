const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * Splits `total` into integer parts proportional to `weights` (their absolute values) that add up
 * to `total` exactly: largest remainder, ties to the earlier weight, so the result is deterministic.
 * All-zero weights put everything on the first part.
 */
export function splitExactly(total: bigint, weights: readonly bigint[]): bigint[] {
  const w = weights.map(abs);
  const sum = w.reduce((a, b) => a + b, 0n);
  if (weights.length === 0) return [];
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const magnitude = abs(total);
  const parts = w.map((x) => (magnitude * x) / sum);
  let left = magnitude - parts.reduce((a, b) => a + b, 0n);
  const order = w
    .map((x, i) => ({ i, rest: (magnitude * x) % sum }))
    .sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left--;
  }
  return total < 0n ? parts.map((p) => -p) : parts;
}
