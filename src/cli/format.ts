import type { QueryResult, SqlValue } from '../../shared/ports';

/** Thousands separators, for human output. */
export const int = (n: number): string => n.toLocaleString('en-US');

/** Bytes in KB/MB/GB, for human output. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

function csvCell(v: SqlValue): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row. */
export function toCsv(result: QueryResult): string {
  const names = result.columns.map((c) => c.name);
  const lines = [names.map(csvCell).join(',')];
  for (const row of result.rows) lines.push(names.map((n) => csvCell(row[n] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}

/** One JSON array of row objects; numbers stay JSON numbers. */
export function toJson(result: QueryResult): string {
  return `${JSON.stringify(result.rows)}\n`;
}

const isNumeric = (type: string): boolean =>
  /^(tinyint|smallint|integer|int|bigint|hugeint|double|real|float|decimal)/.test(type);

/** An aligned text table, numbers right-aligned. */
export function toTable(result: QueryResult): string {
  const names = result.columns.map((c) => c.name);
  const cells = result.rows.map((row) =>
    names.map((n) => {
      const v = row[n] ?? null;
      if (v === null) return 'NULL';
      return typeof v === 'number' ? (Number.isInteger(v) ? int(v) : String(v)) : String(v);
    }),
  );
  // A loop, not Math.max(...): spreading 100k+ rows overflows the call stack.
  const widths = names.map((n) => n.length);
  for (const r of cells) {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, (r[i] ?? '').length);
  }
  const right = result.columns.map((c) => isNumeric(c.type));
  const line = (values: string[]) =>
    values
      .map((v, i) => (right[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(names), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells) out.push(line(r));
  out.push(`(${int(result.rows.length)} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}
