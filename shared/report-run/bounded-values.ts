/** The dimension value every value outside the top N is published as. */
export const OTHER = 'other';
const VALUE_MAX = 255;

/**
 * A caller-supplied value as a CloudWatch dimension value: printable ASCII only (CloudWatch
 * refuses the rest), cut to 255 characters, never blank.
 */
export function dimensionValue(value: string, blank: string): string {
  const ascii = value
    .replace(/[^\x20-\x7e]/g, '?')
    .trim()
    .slice(0, VALUE_MAX);
  return ascii === '' ? blank : ascii;
}

/**
 * Keeps the `n` values with the largest weight (ties by name) and maps every other value to
 * `other`, so one dimension never has more than n + 1 values, whatever callers tag.
 */
export function topN(weights: ReadonlyMap<string, number>, n: number): (value: string) => string {
  const kept = new Set(
    [...weights.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, n)
      .map(([value]) => value),
  );
  return (value) => (kept.has(value) ? value : OTHER);
}
