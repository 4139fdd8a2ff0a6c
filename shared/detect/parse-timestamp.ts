/**
 * Parses a timestamp as CSV exports write them, to epoch ms (UTC unless the text says otherwise):
 * ISO 8601 (`2024-03-01T12:00:00Z`, with an offset, or without a zone), `YYYY-MM-DD HH:MM:SS`,
 * a date alone, or epoch seconds / milliseconds (a number of 1e11 or more is milliseconds).
 * Returns NaN when the text is none of these.
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (s === '') return Number.NaN;
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.abs(n) >= 1e11 ? n : n * 1000;
  }
  const iso =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      s,
    );
  if (iso) {
    const [, date, time, zone] = iso;
    if (!time) return zone ? Number.NaN : Date.parse(`${date as string}T00:00:00Z`);
    // No zone means UTC here, never the machine's local time: results must not depend on where they run.
    let offset = 'Z';
    if (zone && zone.toUpperCase() !== 'Z') {
      const digits = zone.replace(':', '');
      offset = `${digits.slice(0, 3)}:${digits.length > 3 ? digits.slice(3, 5) : '00'}`;
    }
    return Date.parse(`${date as string}T${(time as string).replace(',', '.')}${offset}`);
  }
  const withUtc = Date.parse(`${s} UTC`);
  return Number.isNaN(withUtc) ? Date.parse(s) : withUtc;
}
