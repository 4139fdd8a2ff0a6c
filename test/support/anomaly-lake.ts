import { replacePartition } from '../../shared/lake/partition-writer';
import { usageHourly } from '../../shared/lake/tables';
import type { ObjectStore } from '../../shared/ports';
import type { Delivery, Notifier, OutboundMessage } from '../../shared/ports/notifier';

const HOUR = 3_600_000;

/** One usage series to write: its dimensions and the invocations of each hour (tokens follow). */
export interface UsageSpec {
  team: string;
  feature: string;
  environment: string;
  model: string;
  /** Invocations in hour `h` (0 = the first hour written). */
  calls: (h: number) => number;
  tokensPerCall?: (h: number) => number;
}

/** A seasonal daily pattern with deterministic noise, around `base` calls an hour. */
export function seasonal(base: number, seed = 1): (h: number) => number {
  return (h) => {
    const hourOfDay = h % 24;
    const day = 0.6 + 0.4 * Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI);
    const noise = 1 + 0.05 * Math.sin(h * 12.9898 * seed);
    return Math.round(base * day * noise);
  };
}

/** Writes `usage_hourly` partitions for `days` days from `start` (a UTC midnight). */
export async function writeUsage(
  store: ObjectStore,
  start: number,
  days: number,
  specs: readonly UsageSpec[],
): Promise<void> {
  for (let d = 0; d < days; d++) {
    const cols: Record<string, (string | number)[]> = Object.fromEntries(
      usageHourly.columns.map((c) => [c.name, []]),
    );
    for (const s of specs) {
      for (let hh = 0; hh < 24; hh++) {
        const h = d * 24 + hh;
        const calls = s.calls(h);
        if (calls <= 0) continue;
        const tokens = calls * (s.tokensPerCall?.(h) ?? 1000);
        const row: Record<string, string | number> = {
          hour: start + h * HOUR,
          minute: 0,
          account_id: '111122223333',
          region: 'us-east-1',
          team: s.team,
          feature: s.feature,
          environment: s.environment,
          model: s.model,
          invocations: calls,
          errors: 0,
          input_tokens: Math.round(tokens * 0.8),
          output_tokens: Math.round(tokens * 0.2),
          cache_read_tokens: 0,
          cache_write_tokens: 0,
        };
        for (const c of usageHourly.columns)
          (cols[c.name] as (string | number)[]).push(row[c.name] as string | number);
      }
    }
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    await replacePartition(store, usageHourly, day, cols, (cols.hour as unknown[]).length);
  }
}

/** A notifier that keeps what it was given. */
export class RecordingNotifier implements Notifier {
  readonly sent: OutboundMessage[] = [];
  async publish(message: OutboundMessage): Promise<Delivery> {
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
}
