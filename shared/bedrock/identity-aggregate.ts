import type { LakeValue } from '../lake/parquet';
import { type PartitionWritten, replacePartition } from '../lake/partition-writer';
import { identityDaily } from '../lake/tables';
import type { ObjectStore } from '../ports';
import {
  addRow,
  compareValues,
  DimensionCodes,
  emptySums,
  measureColumns,
  pushSums,
  type Sums,
} from './group-sums';
import { pricingScope } from './pricing-scope';

/** The grouping columns of `identity_daily`, in its sort order; `scope` comes from `model_id`. */
export const IDENTITY_DIMENSIONS = [
  'identity_arn',
  'account_id',
  'region',
  'model',
  'scope',
  'team',
  'feature',
  'environment',
] as const;
const SCOPE = IDENTITY_DIMENSIONS.indexOf('scope');
/** Stands for a NULL identity among the codes (identity_arn is nullable; no ARN starts with NUL). */
export const NO_IDENTITY = '\u0000';

interface Group extends Sums {
  values: string[];
}

/**
 * Sums a day's curated rows into `identity_daily` groups (caller × account × Region × model × scope ×
 * team × feature × environment). Fed bucket by bucket as the day is rebuilt, like `UsageAggregate`:
 * each dimension value gets a small integer once, so a row costs a few map look-ups.
 */
export class IdentityAggregate {
  private readonly codes = new DimensionCodes(IDENTITY_DIMENSIONS.length);
  private readonly scopes = new Map<string, string>();
  private readonly groups = new Map<string, Group>();

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
    const dims = IDENTITY_DIMENSIONS.map((c) =>
      c === 'scope' ? [] : (columns[c] as readonly (string | null)[]),
    );
    const modelIds = columns.model_id as readonly string[];
    const measures = measureColumns(columns);
    const codes = new Array<number>(IDENTITY_DIMENSIONS.length);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < IDENTITY_DIMENSIONS.length; d++) {
        const value =
          d === SCOPE
            ? this.scopeOf(modelIds[i] as string)
            : ((dims[d] as (string | null)[])[i] ?? NO_IDENTITY);
        codes[d] = this.codes.code(d, value);
      }
      const key = codes.join(',');
      let g = this.groups.get(key);
      if (!g) {
        g = { values: this.codes.values(codes), ...emptySums() };
        this.groups.set(key, g);
      }
      addRow(g, measures, i);
    }
  }

  /** The groups as `identity_daily` columns, sorted by dimension values (deterministic output). */
  columns(): { rows: number; columns: Record<string, LakeValue[]> } {
    const groups = [...this.groups.values()].sort((a, b) => compareValues(a.values, b.values));
    const out: Record<string, LakeValue[]> = Object.fromEntries(
      identityDaily.columns.map((c) => [c.name, []]),
    );
    const push = (name: string, v: LakeValue) => (out[name] as LakeValue[]).push(v);
    for (const g of groups) {
      IDENTITY_DIMENSIONS.forEach((name, d) => {
        const v = g.values[d] as string;
        push(name, v === NO_IDENTITY ? null : v);
      });
      pushSums(push, g);
    }
    return { rows: groups.length, columns: out };
  }

  /** Replaces the day's `identity_daily` partition with the groups added (under the caller's lease check). */
  write(store: ObjectStore, dt: string, beforeWrite?: () => void): Promise<PartitionWritten> {
    const { columns, rows } = this.columns();
    return replacePartition(store, identityDaily, dt, columns, rows, beforeWrite);
  }
}
