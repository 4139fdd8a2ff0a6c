import { parseTimestamp } from '../../shared/detect/parse-timestamp';
import { readCsvRecords } from './csv-records';
import { UsageError } from './errors';

/** A univariate series read from a CSV file, in file order. */
export interface CsvSeries {
  /** Each data row's timestamp text, exactly as in the file (after CSV unquoting). */
  raw: string[];
  /** Epoch ms per row. */
  timestamps: Float64Array;
  /** Value per row; NaN for a blank or missing value (a gap). */
  values: Float64Array;
}

/** Which columns to read; `explicit` when the user named them (then they must exist). */
export interface CsvColumns {
  timestamp: string;
  value: string;
  explicit: { timestamp: boolean; value: boolean };
}

/** Value texts that mean "no value here" rather than a malformed number. */
const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', 'none', '-']);

function columnIndex(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  return header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}

function resolveColumns(header: string[], columns: CsvColumns): [number, number] {
  let t = columnIndex(header, columns.timestamp);
  let v = columnIndex(header, columns.value);
  // With the default names absent, a two-column file is read as timestamp then value.
  if (header.length === 2 && t < 0 && !columns.explicit.timestamp && v !== 0) t = 0;
  if (header.length === 2 && v < 0 && !columns.explicit.value && t !== 1) v = 1;
  const listed = header.map((h) => JSON.stringify(h)).join(', ');
  if (t < 0)
    throw new UsageError(
      `no timestamp column "${columns.timestamp}" in the header (columns: ${listed}); pick one with --timestamp-col`,
    );
  if (v < 0)
    throw new UsageError(
      `no value column "${columns.value}" in the header (columns: ${listed}); pick one with --value-col`,
    );
  if (t === v) throw new UsageError(`the timestamp and value columns are the same column ("${header[t]}")`);
  return [t, v];
}

/**
 * Reads a CSV file with a header row, streaming it line by line. Blank or NaN-like values are gaps;
 * a timestamp that does not parse, a malformed number or a short row is a UsageError naming the line.
 */
export async function readSeriesCsv(path: string, columns: CsvColumns): Promise<CsvSeries> {
  const raw: string[] = [];
  let timestamps: Float64Array = new Float64Array(1024);
  let values: Float64Array = new Float64Array(1024);
  let cols: [number, number] | undefined;
  for await (const record of readCsvRecords(path)) {
    if (!cols) {
      cols = resolveColumns(
        record.fields.map((f) => f.trim()),
        columns,
      );
      continue;
    }
    const [ti, vi] = cols;
    const tText = record.fields[ti];
    if (tText === undefined) {
      throw new UsageError(
        `line ${record.line}: no "${columns.timestamp}" field (the row has ${record.fields.length} fields)`,
      );
    }
    const t = parseTimestamp(tText);
    if (Number.isNaN(t)) {
      throw new UsageError(
        `line ${record.line}: "${tText}" in column "${columns.timestamp}" is not a timestamp (ISO 8601, YYYY-MM-DD HH:MM:SS or epoch seconds/ms)`,
      );
    }
    const vText = (record.fields[vi] ?? '').trim();
    let v = Number.NaN;
    if (!MISSING.has(vText.toLowerCase())) {
      v = Number(vText);
      if (!Number.isFinite(v)) {
        throw new UsageError(
          `line ${record.line}: "${vText}" in column "${columns.value}" is not a number (leave it blank for a gap)`,
        );
      }
    }
    const n = raw.length;
    if (n === timestamps.length) {
      timestamps = grow(timestamps);
      values = grow(values);
    }
    raw.push(tText);
    timestamps[n] = t;
    values[n] = v;
  }
  if (!cols) throw new UsageError(`${path}: the file is empty (a header row is needed)`);
  return { raw, timestamps: timestamps.slice(0, raw.length), values: values.slice(0, raw.length) };
}

function grow(a: Float64Array): Float64Array {
  const bigger = new Float64Array(a.length * 2);
  bigger.set(a);
  return bigger;
}
