import { replacePartition } from '../../shared/lake/partition-writer';
import { usageHourly } from '../../shared/lake/tables';
import type { ObjectStore } from '../../shared/ports';

const HOUR = 3_600_000;

/** One usage series written at quarter-hour grain, as the ingest writes `usage_hourly`. */
export interface QuarterSpec {
  team: string;
  feature: string;
  environment: string;
  model: string;
  /** Invocations in quarter `q` (0..3) of hour `h` (0 = the first hour written). */
  calls: (h: number, q: number) => number;
  tokensPerCall?: number;
  /** Failed invocations in quarter `q` of hour `h`. */
  errors?: (h: number, q: number) => number;
}

/** An hour's calls spread evenly over its four quarters (the remainder to the first ones). */
export const spread =
  (perHour: (h: number) => number) =>
  (h: number, q: number): number => {
    const calls = perHour(h);
    return Math.floor(calls / 4) + (q < calls % 4 ? 1 : 0);
  };

/** Writes `usage_hourly` partitions (one row per quarter with calls) for `days` days from `start`. */
export async function writeQuarterUsage(
  store: ObjectStore,
  start: number,
  days: number,
  specs: readonly QuarterSpec[],
): Promise<void> {
  for (let d = 0; d < days; d++) {
    const cols: Record<string, (string | number)[]> = Object.fromEntries(
      usageHourly.columns.map((c) => [c.name, []]),
    );
    for (let hh = 0; hh < 24; hh++) {
      const h = d * 24 + hh;
      for (let q = 0; q < 4; q++) {
        for (const s of specs) {
          const calls = s.calls(h, q);
          if (calls <= 0) continue;
          const tokens = calls * (s.tokensPerCall ?? 1000);
          const row: Record<string, string | number> = {
            hour: start + h * HOUR,
            minute: q * 15,
            account_id: '111122223333',
            region: 'us-east-1',
            team: s.team,
            feature: s.feature,
            environment: s.environment,
            model: s.model,
            invocations: calls,
            errors: s.errors?.(h, q) ?? 0,
            input_tokens: Math.round(tokens * 0.8),
            output_tokens: Math.round(tokens * 0.2),
            cache_read_tokens: 0,
            cache_write_tokens: 0,
          };
          for (const c of usageHourly.columns)
            (cols[c.name] as (string | number)[]).push(row[c.name] as string | number);
        }
      }
    }
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    await replacePartition(store, usageHourly, day, cols, (cols.hour as unknown[]).length);
  }
}
