import type { LakeValue } from '../lake/parquet';

/** The measures summed per group by the daily aggregates (`usage_hourly`, `identity_daily`). */
export interface Sums {
  invocations: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** The measure columns of a batch of curated rows (as written to `bedrock_invocations`). */
export interface MeasureColumns {
  errors: readonly (string | null)[];
  input: readonly number[];
  output: readonly number[];
  cacheRead: readonly number[];
  cacheWrite: readonly number[];
}

/** Zeroed sums, for a new group. */
export function emptySums(): Sums {
  return { invocations: 0, errors: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
}

/** The measure columns of `columns`. */
export function measureColumns(columns: Record<string, readonly LakeValue[]>): MeasureColumns {
  return {
    errors: columns.error_code as readonly (string | null)[],
    input: columns.input_tokens as readonly number[],
    output: columns.output_tokens as readonly number[],
    cacheRead: columns.cache_read_tokens as readonly number[],
    cacheWrite: columns.cache_write_tokens as readonly number[],
  };
}

/** Adds row `i` of `m` to `g`: one invocation, an error if it has an error code, its tokens. */
export function addRow(g: Sums, m: MeasureColumns, i: number): void {
  g.invocations++;
  if (m.errors[i] !== null && m.errors[i] !== undefined) g.errors++;
  g.input += m.input[i] as number;
  g.output += m.output[i] as number;
  g.cacheRead += m.cacheRead[i] as number;
  g.cacheWrite += m.cacheWrite[i] as number;
}

/** Pushes the sums of `g` onto their output columns. */
export function pushSums(push: (name: string, v: LakeValue) => void, g: Sums): void {
  push('invocations', g.invocations);
  push('errors', g.errors);
  push('input_tokens', g.input);
  push('output_tokens', g.output);
  push('cache_read_tokens', g.cacheRead);
  push('cache_write_tokens', g.cacheWrite);
}

/**
 * Small integer codes for dimension values, one dictionary per dimension: each value gets its code
 * once, so a row costs a few map look-ups and no allocation.
 */
export class DimensionCodes {
  private readonly codes: Map<string, number>[];
  private readonly names: string[][];

  constructor(dimensions: number) {
    this.codes = Array.from({ length: dimensions }, () => new Map<string, number>());
    this.names = Array.from({ length: dimensions }, () => [] as string[]);
  }

  /** The code of `value` in dimension `d`, given on first sight. */
  code(d: number, value: string): number {
    const codes = this.codes[d] as Map<string, number>;
    let c = codes.get(value);
    if (c === undefined) {
      c = codes.size;
      codes.set(value, c);
      (this.names[d] as string[]).push(value);
    }
    return c;
  }

  /** The values of `codes`, one per dimension. */
  values(codes: readonly number[]): string[] {
    return codes.map((c, d) => (this.names[d] as string[])[c] as string);
  }
}

/** Orders two groups' dimension values, column by column (code-unit order: deterministic output). */
export function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let d = 0; d < a.length; d++) {
    const x = a[d] as string;
    const y = b[d] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
