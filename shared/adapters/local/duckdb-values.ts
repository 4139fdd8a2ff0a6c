import {
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUnionValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { SqlValue } from '../../ports/query-engine';
import { type ExactJsonValue, exactJson } from '../exact-json';

/**
 * A DuckDB value as the port hands it back: integers exact (number when safe, else bigint),
 * DECIMAL as its exact text, timestamps as `YYYY-MM-DD HH:MM:SS.sss`; lists, structs and maps
 * become JSON text (big integers in it stay exact number literals).
 */
export function toSqlValue(value: DuckDBValue): SqlValue {
  const plain = toPlain(value);
  return plain !== null && typeof plain === 'object' ? exactJson(plain) : plain;
}

/** An integer as the port types it: a JS number only when that loses nothing. */
export function exactInteger(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

function toPlain(value: DuckDBValue): ExactJsonValue {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    typeof value === 'number'
  ) {
    return value;
  }
  // BIGINT, HUGEINT (what SUM over integers returns), UBIGINT, …
  if (typeof value === 'bigint') return exactInteger(value);
  // DuckDB's own text keeps every digit of the scale: 1234.5600, -0.050.
  if (value instanceof DuckDBDecimalValue) return value.toString();
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    return value.isFinite
      ? (formatMillis(floorDiv(value.micros, 1000n)) ?? value.toString())
      : value.toString();
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) {
    return value.isFinite ? (formatMillis(value.millis) ?? value.toString()) : value.toString();
  }
  if (value instanceof DuckDBTimestampSecondsValue) {
    return value.isFinite ? (formatMillis(value.seconds * 1000n) ?? value.toString()) : value.toString();
  }
  if (value instanceof DuckDBTimestampNanosecondsValue) {
    return value.isFinite
      ? (formatMillis(floorDiv(value.nanos, 1_000_000n)) ?? value.toString())
      : value.toString();
  }
  if (value instanceof DuckDBDateValue) {
    if (!value.isFinite) return value.toString();
    return formatMillis(BigInt(value.days) * 86_400_000n)?.slice(0, 10) ?? value.toString();
  }
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) {
    return value.items.map((item) => toPlain(item));
  }
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toPlain(v)]));
  }
  if (value instanceof DuckDBMapValue) {
    return Object.fromEntries(
      value.entries.map((e) => {
        const key = toPlain(e.key);
        return [typeof key === 'string' ? key : exactJson(key), toPlain(e.value)];
      }),
    );
  }
  if (value instanceof DuckDBUnionValue) return toPlain(value.value);
  // INTERVAL, TIME, UUID, BLOB, BIT, …: DuckDB's own text form.
  return value.toString();
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

/** `YYYY-MM-DD HH:MM:SS.sss` (UTC), or undefined outside the JS Date range. */
function formatMillis(ms: bigint): string | undefined {
  const date = new Date(Number(ms));
  // Outside years 0–9999 toISOString() changes shape (`+010000-…`): leave those to DuckDB's text.
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999)
    return undefined;
  return date.toISOString().replace('T', ' ').slice(0, 23);
}
