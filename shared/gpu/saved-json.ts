import { GpuInputError } from './errors';

/** Parses a saved file's JSON (a leading byte-order mark allowed), naming the file when it is not JSON. */
export function parseSavedJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new GpuInputError(file, '', `is not JSON: ${(cause as Error).message}`, { cause });
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A timestamp as the AWS CLI and boto3 print it (`2026-03-02T14:00:00+00:00`, `…Z`, `… 14:00:00+00:00`)
 * or epoch seconds/milliseconds, as epoch ms; undefined when it is none of these.
 */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? (v < 1e11 ? v * 1000 : v) : undefined;
  if (typeof v !== 'string') return undefined;
  // A zone is required: a time without one would be read in the machine's zone.
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v.trim()))
    return undefined;
  const ms = Date.parse(v.trim().replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}
