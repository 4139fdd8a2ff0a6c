import { toUnscaled } from '../lake/decimal';

/** Digits after the point of every amount the cost source handles (the lake's cost scale). */
export const AMOUNT_SCALE = 12;

const PLAIN = /^-?\d+(\.\d+)?$/;
const EXPONENT = /^(-?)(\d+)(?:\.(\d+))?[eE]([-+]?\d+)$/;

/** Plain decimal text of `1.5E-7`-style text, exactly (no float on the way). */
function expand(text: string): string | undefined {
  const m = EXPONENT.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', exp = '0'] = m;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * An amount as given by Cost Explorer (`"0.0810"`, rarely `"1.2E-9"`) as its unscaled integer at
 * `AMOUNT_SCALE`. Throws `RangeError` for anything else: numbers (already floats), empty text,
 * digits beyond the scale (rounding money silently is worse than failing).
 */
export function parseAmount(value: unknown): bigint {
  if (typeof value !== 'string') throw new RangeError(`expected decimal text, got ${typeof value}`);
  const text = value.trim();
  const plain = PLAIN.test(text) ? text : expand(text);
  if (plain === undefined) throw new RangeError(`'${value}' is not a decimal number`);
  return toUnscaled(plain, { precision: 38, scale: AMOUNT_SCALE }, 'Amount');
}
