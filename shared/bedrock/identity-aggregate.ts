import type { LakeValue } from '../lake/parquet';
import { type PartitionWritten, replacePartition } from '../lake/partition-writer';
import { identityDaily } from '../lake/tables';
import type { ObjectStore } from '../ports';
import { pricingScope } from './pricing-scope';

/** The grouping columns of `identity_daily`, in its sort order; `scope` comes from `model_id`. */
const DIMENSIONS = [
  'identity_arn',
  'account_id',
  'region',
  'model',
  'scope',
  'team',
  'feature',
  'environment',
] as const;
const SCOPE = DIMENSIONS.indexOf('scope');
/** Stands for a NULL identity among the codes (identity_arn is nullable; no ARN starts with NUL). */
const NO_IDENTITY = '\u0000';

interface Group {
  values: string[];
  invocations: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * Sums a day's curated rows into `identity_daily` groups (caller × account × Region × model × scope ×
 * team × feature × environment). Fed bucket by bucket as the day is rebuilt, like `UsageAggregate`:
 * each dimension value gets a small integer once, so a row costs a few map look-ups.
 */
export class IdentityAggregate {
  private readonly codes = DIMENSIONS.map(() => new Map<string, number>());
  private readonly names = DIMENSIONS.map(() => [] as string[]);
  private readonly scopes = new Map<string, string>();
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

  private scopeOf(modelId: string): string {
    let s = this.scopes.get(modelId);
    if (s === undefined) {
      s = pricingScope(modelId);
      this.scopes.set(modelId, s);
    }
    return s;
  }

  /** Adds `n` curated rows (columns as written to `bedrock_invocations`). */
  add(columns: Record<string, readonly LakeValue[]>, n: number): void {
    const dims = DIMENSIONS.map((c) => (c === 'scope' ? [] : (columns[c] as readonly (string | null)[])));
    const modelIds = columns.model_id as readonly string[];
    const errors = columns.error_code as readonly (string | null)[];
    const input = columns.input_tokens as readonly number[];
    const output = columns.output_tokens as readonly number[];
    const cacheRead = columns.cache_read_tokens as readonly number[];
    const cacheWrite = columns.cache_write_tokens as readonly number[];
    const codes = new Array<number>(DIMENSIONS.length);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < DIMENSIONS.length; d++) {
        const value =
          d === SCOPE
            ? this.scopeOf(modelIds[i] as string)
            : ((dims[d] as (string | null)[])[i] ?? NO_IDENTITY);
        codes[d] = this.code(d, value);
      }
      const key = codes.join(',');
      let g = this.groups.get(key);
      if (!g) {
        g = {
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
      g.invocations++;
      if (errors[i] !== null && errors[i] !== undefined) g.errors++;
      g.input += input[i] as number;
      g.output += output[i] as number;
      g.cacheRead += cacheRead[i] as number;
      g.cacheWrite += cacheWrite[i] as number;
    }
  }

  /** The groups as `identity_daily` columns, sorted by dimension values (deterministic output). */
  columns(): { rows: number; columns: Record<string, LakeValue[]> } {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const groups = [...this.groups.values()].sort((a, b) => {
      for (let d = 0; d < DIMENSIONS.length; d++) {
        const c = cmp(a.values[d] as string, b.values[d] as string);
        if (c !== 0) return c;
      }
      return 0;
    });
    const out: Record<string, LakeValue[]> = Object.fromEntries(
      identityDaily.columns.map((c) => [c.name, []]),
    );
    const push = (name: string, v: LakeValue) => (out[name] as LakeValue[]).push(v);
    for (const g of groups) {
      DIMENSIONS.forEach((name, d) => {
        const v = g.values[d] as string;
        push(name, v === NO_IDENTITY ? null : v);
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

  /** Replaces the day's `identity_daily` partition with the groups added (under the caller's lease check). */
  write(store: ObjectStore, dt: string, beforeWrite?: () => void): Promise<PartitionWritten> {
    const { columns, rows } = this.columns();
    return replacePartition(store, identityDaily, dt, columns, rows, beforeWrite);
  }
}
