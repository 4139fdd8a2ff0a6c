import { exactJson } from '../../shared/adapters/exact-json';
import type { QueryColumn, QueryResult, SqlValue } from '../../shared/ports';
import { count } from '../../shared/report/money';
import { defuseFormula, terminalSafe } from './safe-text';

/**
 * Thousands separators, for human output; bigints stay exact. Whole numbers are grouped here, not by
 * `toLocaleString`: its first call loads ICU's number formatting, about 25 ms of every command.
 */
export function int(n: number | bigint): string {
  if (typeof n === 'number' && (!Number.isSafeInteger(n) || Object.is(n, -0)))
    return n.toLocaleString('en-US');
  return count(n);
}

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

const isNumeric = (type: string): boolean =>
  /^(tinyint|smallint|integer|int|bigint|hugeint|double|real|float|decimal)/.test(type);

/** Text of a numeric column's string value (a decimal) that really is a number. */
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

function quoteCsv(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV cell: numbers (including exact decimal text in a numeric column) as they are, every
 * other string with formula starts defused, so `-5` stays `-5` but `'-5'` from a varchar does not.
 */
function csvCell(v: SqlValue, column: QueryColumn): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  const numeric = isNumeric(column.type) && NUMBER_TEXT.test(v);
  return quoteCsv(numeric ? v : defuseFormula(v));
}

/** RFC 4180 CSV with a header row; strings a spreadsheet would run as formulas get a leading `'`. */
export function toCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => quoteCsv(defuseFormula(c.name))).join(',')];
  for (const row of result.rows) {
    lines.push(result.columns.map((c) => csvCell(row[c.name] ?? null, c)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One JSON array of row objects: integers (even beyond 2^53) as exact JSON number literals,
 * decimals as JSON strings with their exact digits, doubles as JSON numbers.
 */
export function toJson(result: QueryResult): string {
  return `${exactJson(result.rows)}\n`;
}

function tableCell(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? int(v) : String(v);
  if (typeof v === 'bigint') return int(v);
  return typeof v === 'string' ? terminalSafe(v) : String(v);
}

/**
 * An aligned text table, numbers right-aligned and exact; escape sequences and control
 * characters are stripped from text so a value cannot take over the terminal.
 */
export function toTable(result: QueryResult): string {
  const names = result.columns.map((c) => terminalSafe(c.name));
  const cells = result.rows.map((row) => result.columns.map((c) => tableCell(row[c.name] ?? null)));
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
