import type { LakeValue } from '../lake/parquet';
import { usageHourly } from '../lake/tables';
import {
  addRow,
  compareValues,
  DimensionCodes,
  emptySums,
  measureColumns,
  pushSums,
  type Sums,
} from './group-sums';

const QUARTER = 15 * 60_000;
const HOUR = 60 * 60_000;
/** The grouping columns of `usage_hourly` after its quarter hour, in its sort order. */
export const USAGE_DIMENSIONS = ['account_id', 'region', 'team', 'feature', 'environment', 'model'] as const;

interface Group extends Sums {
  quarter: number;
  values: string[];
}

/**
 * Sums a day's curated rows into `usage_hourly` groups (quarter hour × account × Region × team ×
 * feature × environment × model). Fed bucket by bucket as the day is rebuilt, so the day's rows are
 * never held at once; the groups are few (thousands a day for a large organisation). Each
 * dimension value gets a small integer once, so a row costs a few map look-ups and no allocation:
 * a day of millions of rows makes no garbage here.
 */
export class UsageAggregate {
  private readonly codes = new DimensionCodes(USAGE_DIMENSIONS.length);
  private readonly groups = new Map<string, Group>();

  /** Adds `n` curated rows (columns as written to `bedrock_invocations`). */
  add(columns: Record<string, readonly LakeValue[]>, n: number): void {
    const time = columns.event_time as readonly number[];
    const dims = USAGE_DIMENSIONS.map((c) => columns[c] as readonly string[]);
    const measures = measureColumns(columns);
    const codes = new Array<number>(USAGE_DIMENSIONS.length);
    let lastKey = '';
    let last: Group | undefined;
    for (let i = 0; i < n; i++) {
      const quarter = Math.floor((time[i] as number) / QUARTER) * QUARTER;
      for (let d = 0; d < USAGE_DIMENSIONS.length; d++)
        codes[d] = this.codes.code(d, (dims[d] as readonly string[])[i] as string);
      const key = `${quarter}:${codes.join(',')}`;
      let g = key === lastKey ? last : this.groups.get(key);
      if (!g) {
        g = { quarter, values: this.codes.values(codes), ...emptySums() };
        this.groups.set(key, g);
      }
      lastKey = key;
      last = g;
      addRow(g, measures, i);
    }
  }

  /** The groups as `usage_hourly` columns, sorted by quarter then dimension values (deterministic output). */
  columns(): { rows: number; columns: Record<string, LakeValue[]> } {
    const groups = [...this.groups.values()].sort(
      (a, b) => a.quarter - b.quarter || compareValues(a.values, b.values),
    );
    const out: Record<string, LakeValue[]> = Object.fromEntries(usageHourly.columns.map((c) => [c.name, []]));
    const push = (name: string, v: LakeValue) => (out[name] as LakeValue[]).push(v);
    for (const g of groups) {
      push('hour', Math.floor(g.quarter / HOUR) * HOUR);
      push('minute', (g.quarter % HOUR) / 60_000);
      USAGE_DIMENSIONS.forEach((name, d) => {
        push(name, g.values[d] as string);
      });
      pushSums(push, g);
    }
    return { rows: groups.length, columns: out };
  }
}
