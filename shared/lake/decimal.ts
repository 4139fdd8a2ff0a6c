/**
 * Exact decimals for the lake: `decimal(p,s)` columns take and give decimal text ("12.345678"),
 * stored as the unscaled integer (12345678 at scale 6). Never a float: money must add up.
 */
import type { DecimalType } from './tables';

/** Precision and scale of a `decimal(p,s)` type. */
export interface DecimalSpec {
  precision: number;
  scale: number;
}

/** Athena's (and Parquet's) widest decimal. */
export const MAX_DECIMAL_PRECISION = 38;

const DECIMAL_TYPE = /^decimal\((\d+),(\d+)\)$/;
const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** True for a `decimal(p,s)` type name. */
export function isDecimalType(type: string): type is DecimalType {
  return DECIMAL_TYPE.test(type);
}

/** `{ precision, scale }` of `decimal(p,s)`; throws unless 1 ≤ p ≤ 38 and 0 ≤ s ≤ p. */
export function decimalSpec(type: DecimalType): DecimalSpec {
  const match = DECIMAL_TYPE.exec(type);
  const precision = Number(match?.[1]);
  const scale = Number(match?.[2]);
  if (!match || precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
    throw new RangeError(
      `${type} is not a valid decimal type: write decimal(p,s) with 1 ≤ p ≤ ${MAX_DECIMAL_PRECISION} and 0 ≤ s ≤ p`,
    );
  }
  return { precision, scale };
}

/**
 * The unscaled integer of decimal text at `spec`'s scale: `'12.345678'` at scale 6 → `12345678n`.
 * Throws, naming `column`, for anything but decimal text (numbers included: a float may already
 * have lost digits), for more fractional digits than the scale (unless they are zeros), and for
 * more integer digits than `precision - scale`.
 */
export function toUnscaled(value: unknown, spec: DecimalSpec, column: string): bigint {
  const type = `decimal(${spec.precision},${spec.scale})`;
  if (typeof value !== 'string') {
    throw new RangeError(
      `column ${column} (${type}) takes exact decimal text such as '12.50', got ${typeof value} ${String(value)}`,
    );
  }
  const match = DECIMAL_TEXT.exec(value);
  if (!match) throw new RangeError(`column ${column} (${type}): '${value}' is not a decimal number`);
  const [, sign, whole = '', fraction = ''] = match;
  const kept = fraction.slice(0, spec.scale);
  if (/[^0]/.test(fraction.slice(spec.scale))) {
    throw new RangeError(
      `column ${column} (${type}): '${value}' has more than ${spec.scale} digits after the point (it would be rounded)`,
    );
  }
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits !== '0' && digits.length > spec.precision - spec.scale) {
    throw new RangeError(
      `column ${column} (${type}): '${value}' does not fit (at most ${spec.precision - spec.scale} digits before the point)`,
    );
  }
  const unscaled = BigInt(`${whole}${kept.padEnd(spec.scale, '0')}`);
  return sign === '-' ? -unscaled : unscaled;
}

/** Decimal text of an unscaled integer, with exactly `scale` digits after the point: `(12345678n, 6)` → `'12.345678'`. */
export function fromUnscaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Bytes of the smallest two's-complement FIXED_LEN_BYTE_ARRAY that holds every `precision`-digit value. */
export function decimalByteLength(precision: number): number {
  const max = 10n ** BigInt(precision) - 1n;
  let bytes = 1;
  while (2n ** BigInt(8 * bytes - 1) - 1n < max) bytes++;
  return bytes;
}

/** The signed big-endian integer in `bytes` (how Parquet stores a FIXED_LEN_BYTE_ARRAY decimal). */
export function unscaledFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const bits = BigInt(bytes.length * 8);
  return bytes.length > 0 && (bytes[0] as number) & 0x80 ? value - (1n << bits) : value;
}
