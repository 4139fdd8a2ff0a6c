import type { LakeValue } from '../lake/parquet';
import { usageHourly } from '../lake/tables';

const QUARTER = 15 * 60_000;
const HOUR = 60 * 60_000;
const SEP = '\u0000';

interface Sums {
  invocations: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * Sums a day's curated rows into `usage_hourly` groups (quarter hour × account × Region × team ×
 * feature × environment × model). Fed bucket by bucket as the day is rebuilt, so the day's rows are
 * never held at once; the groups are few (thousands a day for a large organisation).
 */
export class UsageAggregate {
  private readonly groups = new Map<string, Sums>();

  /** Adds `n` curated rows (columns as written to `bedrock_invocations`). */
  add(columns: Record<string, readonly LakeValue[]>, n: number): void {
    const time = columns.event_time as readonly number[];
    const dims = ['account_id', 'region', 'team', 'feature', 'environment', 'model'].map(
      (c) => columns[c] as readonly string[],
    );
    const errors = columns.error_code as readonly (string | null)[];
    const input = columns.input_tokens as readonly number[];
    const output = columns.output_tokens as readonly number[];
    const cacheRead = columns.cache_read_tokens as readonly number[];
    const cacheWrite = columns.cache_write_tokens as readonly number[];
    for (let i = 0; i < n; i++) {
      const quarter = Math.floor((time[i] as number) / QUARTER) * QUARTER;
      let key = String(quarter);
      for (const d of dims) key += SEP + (d[i] as string);
      let s = this.groups.get(key);
      if (!s) {
        s = { invocations: 0, errors: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
        this.groups.set(key, s);
      }
      s.invocations++;
      if (errors[i] !== null && errors[i] !== undefined) s.errors++;
      s.input += input[i] as number;
      s.output += output[i] as number;
      s.cacheRead += cacheRead[i] as number;
      s.cacheWrite += cacheWrite[i] as number;
    }
  }

  /** The groups as `usage_hourly` columns, sorted by their key (deterministic output). */
  columns(): { rows: number; columns: Record<string, LakeValue[]> } {
    const keys = [...this.groups.keys()].sort((a, b) => {
      const ta = Number(a.slice(0, a.indexOf(SEP)));
      const tb = Number(b.slice(0, b.indexOf(SEP)));
      return ta !== tb ? ta - tb : a < b ? -1 : a > b ? 1 : 0;
    });
    const out: Record<string, LakeValue[]> = Object.fromEntries(usageHourly.columns.map((c) => [c.name, []]));
    const push = (name: string, v: LakeValue) => (out[name] as LakeValue[]).push(v);
    for (const key of keys) {
      const [quarter, account, region, team, feature, environment, model] = key.split(SEP) as string[];
      const s = this.groups.get(key) as Sums;
      const t = Number(quarter);
      push('hour', Math.floor(t / HOUR) * HOUR);
      push('minute', (t % HOUR) / 60_000);
      push('account_id', account as string);
      push('region', region as string);
      push('team', team as string);
      push('feature', feature as string);
      push('environment', environment as string);
      push('model', model as string);
      push('invocations', s.invocations);
      push('errors', s.errors);
      push('input_tokens', s.input);
      push('output_tokens', s.output);
      push('cache_read_tokens', s.cacheRead);
      push('cache_write_tokens', s.cacheWrite);
    }
    return { rows: keys.length, columns: out };
  }
}
