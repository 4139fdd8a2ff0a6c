import type { LakeValue } from '../lake/parquet';
import { usageHourly } from '../lake/tables';

const QUARTER = 15 * 60_000;
const HOUR = 60 * 60_000;
const DIMENSIONS = ['account_id', 'region', 'team', 'feature', 'environment', 'model'] as const;

interface Group {
  quarter: number;
  values: string[];
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
 * never held at once; the groups are few (thousands a day for a large organisation). Each
 * dimension value gets a small integer once, so a row costs a few map look-ups and no allocation:
 * a day of millions of rows makes no garbage here.
 */
export class UsageAggregate {
  private readonly codes = DIMENSIONS.map(() => new Map<string, number>());
  private readonly names = DIMENSIONS.map(() => [] as string[]);
  private readonly groups = new Map<string, Group>();

  private code(d: number, value: string): number {
    const codes = this.codes[d] as Map<string, number>;
    let c = codes.get(value);
    if (c === undefined) {
      c = codes.size;
      codes.set(value, c);
      (this.names[d] as string[]).push(value);
    }
    return c;
  }

  /** Adds `n` curated rows (columns as written to `bedrock_invocations`). */
  add(columns: Record<string, readonly LakeValue[]>, n: number): void {
    const time = columns.event_time as readonly number[];
    const dims = DIMENSIONS.map((c) => columns[c] as readonly string[]);
    const errors = columns.error_code as readonly (string | null)[];
    const input = columns.input_tokens as readonly number[];
    const output = columns.output_tokens as readonly number[];
    const cacheRead = columns.cache_read_tokens as readonly number[];
    const cacheWrite = columns.cache_write_tokens as readonly number[];
    const codes = new Array<number>(DIMENSIONS.length);
    let lastKey = '';
    let last: Group | undefined;
    for (let i = 0; i < n; i++) {
      const quarter = Math.floor((time[i] as number) / QUARTER) * QUARTER;
      for (let d = 0; d < DIMENSIONS.length; d++)
        codes[d] = this.code(d, (dims[d] as readonly string[])[i] as string);
      const key = `${quarter}:${codes.join(',')}`;
      let g = key === lastKey ? last : this.groups.get(key);
      if (!g) {
        g = {
          quarter,
          values: codes.map((c, d) => (this.names[d] as string[])[c] as string),
          invocations: 0,
          errors: 0,
          input: 0,
          output: 0,
          cacheRead: 0,
          cacheWrite: 0,
        };
        this.groups.set(key, g);
      }
      lastKey = key;
      last = g;
      g.invocations++;
      if (errors[i] !== null && errors[i] !== undefined) g.errors++;
      g.input += input[i] as number;
      g.output += output[i] as number;
      g.cacheRead += cacheRead[i] as number;
      g.cacheWrite += cacheWrite[i] as number;
    }
  }

  /** The groups as `usage_hourly` columns, sorted by quarter then dimension values (deterministic output). */
  columns(): { rows: number; columns: Record<string, LakeValue[]> } {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const groups = [...this.groups.values()].sort((a, b) => {
      if (a.quarter !== b.quarter) return a.quarter - b.quarter;
      for (let d = 0; d < DIMENSIONS.length; d++) {
        const c = cmp(a.values[d] as string, b.values[d] as string);
        if (c !== 0) return c;
      }
      return 0;
    });
    const out: Record<string, LakeValue[]> = Object.fromEntries(usageHourly.columns.map((c) => [c.name, []]));
    const push = (name: string, v: LakeValue) => (out[name] as LakeValue[]).push(v);
    for (const g of groups) {
      push('hour', Math.floor(g.quarter / HOUR) * HOUR);
      push('minute', (g.quarter % HOUR) / 60_000);
      DIMENSIONS.forEach((name, d) => {
        push(name, g.values[d] as string);
      });
      push('invocations', g.invocations);
      push('errors', g.errors);
      push('input_tokens', g.input);
      push('output_tokens', g.output);
      push('cache_read_tokens', g.cacheRead);
      push('cache_write_tokens', g.cacheWrite);
    }
    return { rows: groups.length, columns: out };
  }
}
