import { toUnscaled } from '../lake/decimal';
import { centsOf, roundDiv } from '../recommend/micros';
import { dollars } from '../report/money';
import { GuardrailError } from './errors';

/**
 * Budget money is integer micro-dollars (`bigint`, the unit of `shared/recommend/micros.ts`): the
 * bill's cents and the per-call estimates (tokens × list price) add up exactly, and a share is
 * compared with a threshold by integer arithmetic, never as a float that is 79.99999999999999%.
 */
const MICRO_SCALE = { precision: 38, scale: 6 };

/**
 * A number from the configuration or the command line (budget dollars, threshold percent) as exact
 * units of 1e-6: its shortest decimal text (`0.1` → `'0.1'`, what was written) read as a decimal.
 * Throws, naming `key`, beyond 6 decimals.
 */
export function configMicros(value: number, key: string): bigint {
  try {
    return toUnscaled(String(value), MICRO_SCALE, key);
  } catch (cause) {
    throw new GuardrailError(`${key}: ${String(value)} must be a decimal with at most 6 decimals`, {
      cause,
    });
  }
}

/**
 * A money column as the engines give it, exact decimal text (`'2.15'`, the allocation's cents), as
 * micro-dollars. Throws, naming `column`, for a number: a double may already have lost digits.
 */
export const decimalMicros = (value: unknown, column: string): bigint =>
  toUnscaled(value, MICRO_SCALE, column);

/** Whether `part` is at or over `percent` (in units of 1e-6, as `configMicros` gives) of `whole` (> 0). */
export const atOrOver = (part: bigint, whole: bigint, percent: bigint): boolean =>
  part * 100n * 1_000_000n >= percent * whole;

/** `part` as a percentage of `whole` (> 0), rounded half up to `digits` decimals: `'80'`, `'79.99'`. */
export function percentText(part: bigint, whole: bigint, digits = 0): string {
  const scale = 10n ** BigInt(digits);
  const units = roundDiv(part * 100n * scale, whole);
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const fraction = digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : '';
  return `${sign}${abs / scale}${fraction}`;
}

/** Micro-dollars as the messages and the table print them, to the cent: `$1,234.57`; null is `unpriced`. */
export const usd = (micros: bigint | null): string =>
  micros === null ? 'unpriced' : dollars(centsOf(micros));
