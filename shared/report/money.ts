/** How money and ratios read in the report: `$1,234.56`, `$0.00012345`, `+12.3%`. */

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Cents as dollars with thousands separators, exact: `123456n` → `$1,234.56`. */
export function dollars(cents: bigint, currency = 'USD'): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = group((abs / 100n).toString());
  const part = (abs % 100n).toString().padStart(2, '0');
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${whole}.${part}`;
}

/** `10^-scale` units as dollars rounded half up to the cent (GPU costs carry 6 decimals). */
export function unitsToCents(value: bigint, scale: number): bigint {
  if (scale <= 2) return value * 10n ** BigInt(2 - scale);
  const div = 10n ** BigInt(scale - 2);
  const half = div / 2n;
  return value >= 0n ? (value + half) / div : -((-value + half) / div);
}

/** A unit cost (a ratio from the query, already rounded there) in dollars with enough digits to compare. */
export function unitCost(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '$0';
  const digits = Math.abs(value) >= 1 ? 2 : Math.min(8, 2 - Math.floor(Math.log10(Math.abs(value))) + 1);
  return `$${value.toFixed(digits)}`;
}

/** A percentage from a query (`12.34` → `+12.3%`); `—` when there is nothing to compare with. */
export function percentChange(value: number | null): string {
  if (value === null) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}%`;
}

/** A share in percent (`0.58` → `0.6%`). */
export function percent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}%`;
}

/** An integer with thousands separators. */
export function count(value: number | bigint | null): string {
  return value === null ? '—' : group(value.toString());
}
