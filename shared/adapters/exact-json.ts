import type { SqlValue } from '../ports/query-engine';

/** A value `exactJson` can write: SQL scalars, and the lists and objects nested types become. */
export type ExactJsonValue =
  | SqlValue
  | readonly ExactJsonValue[]
  | { readonly [key: string]: ExactJsonValue };

/**
 * JSON text like `JSON.stringify`, except that a `bigint` is written as the exact number literal
 * (`9223372036854775808`): `JSON.stringify` throws on bigints, and converting to a double first
 * would round them. Node 20 has no `JSON.rawJSON`, hence the hand-written walk.
 */
export function exactJson(value: ExactJsonValue): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => exactJson(v)).join(',')}]`;
  const entries = Object.entries(value as { readonly [key: string]: ExactJsonValue });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${exactJson(v)}`).join(',')}}`;
}
