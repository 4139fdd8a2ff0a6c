import { roundDiv } from '../recommend/micros';

/**
 * An exact fraction of integers (`d` > 0, kept in lowest terms), for the budget forecast: weekday
 * factors and the level are ratios of micro-dollar sums, so a flat series projects to the micro-dollar.
 */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/** `n / d` in lowest terms; throws for `d` = 0. */
export function ratio(n: bigint | number, d: bigint | number = 1n): Ratio {
  let num = BigInt(n);
  let den = BigInt(d);
  if (den === 0n) throw new RangeError('a ratio needs a non-zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { n: num / g, d: den / g };
}

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
/** `a / b`; throws when `b` is zero. */
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);
/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export const compare = (a: Ratio, b: Ratio): number => {
  const diff = a.n * b.d - b.n * a.d;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
/** `value` held within `[low, high]`. */
export const clamp = (value: Ratio, low: Ratio, high: Ratio): Ratio =>
  compare(value, low) < 0 ? low : compare(value, high) > 0 ? high : value;

/** The nearest integer, halves away from zero (micro-dollars, when the ratio is of micro-dollars). */
export const rounded = (r: Ratio): bigint => roundDiv(r.n, r.d);

/** A ratio as a number with 12 significant decimals, for display (weekday factors), never for money. */
export const ratioNumber = (r: Ratio): number => Number(roundDiv(r.n * 10n ** 12n, r.d)) / 1e12;
