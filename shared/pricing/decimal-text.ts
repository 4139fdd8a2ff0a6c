/**
 * Exact arithmetic on decimal text for the price book (multipliers such as 1.25 × input): values are
 * scaled to bigints, never passed through a float.
 */
const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);

/** `text` (`'3.30'`) as an integer count of 1e-12. */
export function toScaled(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{0,12}))?$/.exec(text);
  if (!match) throw new Error(`not a decimal with at most ${SCALE} decimals: ${text}`);
  const [, sign, whole, frac = ''] = match;
  const value = BigInt(whole as string) * ONE + BigInt((frac || '0').padEnd(SCALE, '0'));
  return sign === '-' ? -value : value;
}

/** A count of 1e-12 as decimal text without trailing zeros (`3300000000000n` → `'3.3'`). */
export function fromScaled(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / ONE;
  const frac = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/** `price × factor` exactly, both decimal text (the result is cut to 12 decimals, never rounded up). */
export function multiplyDecimal(price: string, factor: string): string {
  return fromScaled((toScaled(price) * toScaled(factor)) / ONE);
}
