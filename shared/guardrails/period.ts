const DAY_MS = 86_400_000;

/** A budget period: one UTC day or one UTC calendar month, as `[start, end)` in ms. */
export interface Period {
  kind: 'daily' | 'monthly';
  /** `2026-03-05` or `2026-03`: the key state is kept under. */
  key: string;
  start: number;
  end: number;
}

/** The UTC day of a time, `YYYY-MM-DD`. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Midnight UTC of a `YYYY-MM-DD` day. */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The day `n` days after `day` (negative: before). */
export const addDays = (day: string, n: number): string => dayOf(dayStart(day) + n * DAY_MS);

/** The period of `kind` that contains `at`. */
export function periodAt(kind: Period['kind'], at: number): Period {
  const d = new Date(at);
  if (kind === 'daily') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { kind, key: dayOf(start), start, end: start + DAY_MS };
  }
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { kind, key: dayOf(start).slice(0, 7), start, end };
}

/** Every UTC day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = dayStart(from); t <= dayStart(to); t += DAY_MS) days.push(dayOf(t));
  return days;
}

export { DAY_MS };
