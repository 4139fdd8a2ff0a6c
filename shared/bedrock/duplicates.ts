import type { LakeValue } from '../lake/parquet';

/**
 * Staged columns that make up a record's content: a duplicate delivery with any of them different
 * is a conflict (the source object it came from is not content).
 */
export const CONTENT_COLUMNS = [
  'event_time',
  'request_id',
  'account_id',
  'region',
  'operation',
  'model_id',
  'identity_arn',
  'request_metadata',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'error_code',
] as const;

type Columns = Record<string, LakeValue[] | readonly LakeValue[]>;

const tokensOf = (c: Columns, i: number): number =>
  ((c.input_tokens?.[i] as number) ?? 0) +
  ((c.output_tokens?.[i] as number) ?? 0) +
  ((c.cache_read_tokens?.[i] as number) ?? 0) +
  ((c.cache_write_tokens?.[i] as number) ?? 0);

/** The record's content as one comparable text (only built for duplicates, which are rare). */
function contentOf(c: Columns, i: number): string {
  return CONTENT_COLUMNS.map((name) => {
    const v = c[name]?.[i] ?? null;
    return v === null ? '\u0000' : String(v);
  }).join('\u0001');
}

/**
 * Which of two records with the same request_id is kept: compares `a` (row `i` of `ac`) with `b`
 * (row `j` of `bc`). Returns 0 when their content is identical (a plain duplicate delivery), a
 * negative number when `a` wins, positive when `b` wins. The rule depends only on the records,
 * never on file names or listing order: the record with the most tokens (a complete delivery
 * beats a cut-short one), then the later event time, then the smaller content text.
 */
export function compareDuplicates(ac: Columns, i: number, bc: Columns, j: number): number {
  const ca = contentOf(ac, i);
  const cb = contentOf(bc, j);
  if (ca === cb) return 0;
  const tokens = tokensOf(bc, j) - tokensOf(ac, i);
  if (tokens !== 0) return tokens;
  const time = ((bc.event_time?.[j] as number) ?? 0) - ((ac.event_time?.[i] as number) ?? 0);
  if (time !== 0) return time;
  return ca < cb ? -1 : 1;
}
