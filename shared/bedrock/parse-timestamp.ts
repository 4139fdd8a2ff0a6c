/**
 * Record timestamps: ISO-8601 read field by field at fixed positions (fast on the parsing hot path),
 * every field in range as written.
 */

// ISO-8601 date-time; the zone is optional (treated as UTC, as Bedrock writes UTC).
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Before this a timestamp is not a real one (the accepted range is narrower: see `accepted-dates.ts`). */
const MIN_YEAR = 1970;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    ? 29
    : (DAYS_IN_MONTH[month - 1] ?? 0);

/** The number written with the two digits at `at` (the format is checked beforehand). */
const twoDigits = (s: string, at: number): number => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/**
 * Parses `timestamp` to epoch ms, or undefined. Every field must be in range as written: no
 * 30 February rolling over into March, no hour 24, no offset beyond ±23:59, no year before 2020.
 */
export function parseTimestamp(value: string): number | undefined {
  if (!ISO_TIMESTAMP.test(value)) return undefined;
  // Fixed positions: YYYY-MM-DDThh:mm, then optional :ss(.fff…), then optional zone.
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  let i = 16;
  let second = 0;
  let millis = 0;
  if (value.charCodeAt(i) === 58 /* : */) {
    second = twoDigits(value, 17);
    i = 19;
    if (value.charCodeAt(i) === 46 /* . */) {
      // Fractions are truncated to the millisecond, as Date.parse does.
      let end = i + 1;
      while (end < value.length && value.charCodeAt(end) >= 48 && value.charCodeAt(end) <= 57) end++;
      millis = Number(value.slice(i + 1, Math.min(end, i + 4)).padEnd(3, '0'));
      i = end;
    }
  }
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const sign = value.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    const offsetHours = twoDigits(value, i + 1);
    const offsetMins = twoDigits(value, value.charCodeAt(i + 3) === 58 ? i + 4 : i + 3);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}
