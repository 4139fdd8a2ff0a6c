import type { LogStream } from './org';

const HOUR_MS = 3_600_000;
const WEEK_HOURS = 168;

function circularHourDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

/** Unnormalized demand at one UTC hour: a business-hours bump over a night floor, lower at weekends. */
function rawDemand(stream: LogStream, hourStartMs: number): number {
  const date = new Date(hourStartMs);
  const hourOfDay = date.getUTCHours() + 0.5;
  const distance = circularHourDistance(hourOfDay, stream.peakUtcHour);
  const daily = 0.18 + Math.exp(-0.5 * (distance / 3.5) ** 2);
  // The weekend starts at the stream's local midnight: shift UTC by its offset from a 15:00 local peak.
  const localMs = hourStartMs + (15 - stream.peakUtcHour) * HOUR_MS;
  const day = new Date(localMs).getUTCDay();
  const weekly = day === 0 || day === 6 ? stream.weekendFactor : day === 5 ? 0.92 : 1;
  return daily * weekly;
}

const normalizers = new Map<number, number>();

/** Mean raw demand over one week, so factors average to 1 and `invocationsPerHour` stays an average. */
function normalizer(stream: LogStream): number {
  const cached = normalizers.get(stream.index);
  if (cached !== undefined) return cached;
  // 2026-03-02 is a Monday; any whole week gives the same mean.
  const monday = Date.UTC(2026, 2, 2);
  let sum = 0;
  for (let h = 0; h < WEEK_HOURS; h++) sum += rawDemand(stream, monday + h * HOUR_MS);
  const mean = sum / WEEK_HOURS;
  normalizers.set(stream.index, mean);
  return mean;
}

/** Expected volume at one hour relative to the stream's weekly average (1 = average), before noise. */
export function seasonalFactor(stream: LogStream, hourStartMs: number): number {
  return rawDemand(stream, hourStartMs) / normalizer(stream);
}
