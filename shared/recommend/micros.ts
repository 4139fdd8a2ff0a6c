/**
 * Exact money for savings: integer micro-dollars (1e-6 USD). Prices are decimal text with up to 12
 * decimals; `tokens × price per 1M` is then an exact integer in 1e-18 USD, cut to micros at the end.
 */
const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);

/** Decimal text (`'3.3'`, `'-0.25'`) as an integer count of 1e-12. */
export function picoOf(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole, frac = ''] = match;
  const value = BigInt(whole as string) * ONE + BigInt(frac.slice(0, SCALE).padEnd(SCALE, '0') || '0');
  return sign === '-' ? -value : value;
}

/** Micro-dollars of `tokens` at a price per 1M tokens given as decimal text (rounded half up). */
export function tokenMicros(tokens: bigint | number, pricePer1M: string): bigint {
  // tokens × (pico $ per 1M tokens) / 1e6 tokens = pico $; / 1e6 = micro $.
  return roundDiv(BigInt(tokens) * picoOf(pricePer1M), 10n ** 12n);
}

/** `amount × num / den`, rounded half up (away from zero), for scaling a window to a month. */
export function scaleMicros(amount: bigint, num: bigint, den: bigint): bigint {
  return roundDiv(amount * num, den);
}

/** Micro-dollars of `hours` at a rate in $/hour given as decimal text. */
export function hourMicros(hours: number, ratePerHour: string): bigint {
  return roundDiv(BigInt(Math.round(hours * 1000)) * picoOf(ratePerHour), 10n ** 9n);
}

/** `n / d` rounded half away from zero (`d` > 0). */
export function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** Micro-dollars as dollars with 2 decimals (half up): `'1234.57'`. */
export function dollarsText(micros: bigint): string {
  const cents = roundDiv(micros, 10_000n);
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Micro-dollars as decimal text with all 6 decimals: `'12.345678'`. */
export function microsText(micros: bigint): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, '0')}`;
}

/** Micro-dollars to cents (half up), as the report's `savingCents` wants. */
export function centsOf(micros: bigint): bigint {
  return roundDiv(micros, 10_000n);
}
