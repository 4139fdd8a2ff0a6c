import { UsageError } from './errors';

/** A time from the command line: ISO 8601 (`2026-03-02T09:30:00Z`, a date alone is its midnight UTC). */
export function parseTime(text: string, flag: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso)
    ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`)
    : Number.NaN;
  if (!Number.isFinite(ms))
    throw new UsageError(`${flag} must be an ISO 8601 time such as 2026-03-02T09:30:00Z, got '${text}'`);
  return new Date(ms);
}

/** A duration such as `4h`, `90m`, `2d`. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)(m|h|d)$/.exec(text);
  if (!m) throw new UsageError(`${flag} must be a duration such as 90m, 4h or 2d, got '${text}'`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
