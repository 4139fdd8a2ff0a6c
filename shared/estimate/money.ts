import { fromUnscaled, toUnscaled } from '../lake/decimal';

/**
 * Exact dollars for the estimate: amounts are integers at `SCALE` digits (never floats), quantities
 * are estimates rounded to `QUANTITY_SCALE` digits before they are priced.
 */
export const SCALE = 18;
const QUANTITY_SCALE = 6;
const TEN = 10n;

/** A quantity as an integer at `QUANTITY_SCALE` digits (counts and GB are not money: rounding them is fine). */
export const quantityUnits = (q: number): bigint => BigInt(Math.round(q * 10 ** QUANTITY_SCALE));

/** `quantity` (at `QUANTITY_SCALE`) at `usd` per `per` units, exactly, at `SCALE` digits. */
export function price(quantity: bigint, usd: string, per: number): bigint {
  const fraction = usd.split('.')[1] ?? '';
  const unitPrice = toUnscaled(usd, { precision: 38, scale: fraction.length }, 'price');
  const shift = SCALE - QUANTITY_SCALE - fraction.length;
  const exact = quantity * unitPrice * TEN ** BigInt(shift);
  const divisor = BigInt(per);
  if (exact % divisor !== 0n) throw new RangeError(`price per ${per} units is not exact at scale ${SCALE}`);
  return exact / divisor;
}

/** Decimal text of an amount rounded half up to `digits` (cents by default): `'8.31'`. */
export function usd(amount: bigint, digits = 2): string {
  const drop = TEN ** BigInt(SCALE - digits);
  return fromUnscaled((amount + drop / 2n) / drop, digits);
}

/** An amount as exact decimal text: every digit it has, at least cents (`'1.6'` → `'1.60'`, `'0.0000133334'`). */
export function exactUsd(amount: bigint): string {
  const text = fromUnscaled(amount, SCALE).replace(/0+$/, '');
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** An amount of whole dollars, for comparisons (`< dollars(10)`). */
export const dollars = (n: number): bigint => BigInt(n) * TEN ** BigInt(SCALE);

/** Exact decimal text (as the estimate gives it) rounded half up to cents. */
export const cents = (text: string): string =>
  usd(toUnscaled(text, { precision: 38, scale: SCALE }, 'amount'));
