import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from './errors';

/** One CSV record and the line of the file it starts on (1-based, header included). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Picks the delimiter from the header line: a comma unless the header has none but has a tab or semicolon. */
export function sniffDelimiter(header: string): string {
  if (header.includes(',')) return ',';
  if (header.includes('\t')) return '\t';
  if (header.includes(';')) return ';';
  return ',';
}

/**
 * Splits one record (RFC 4180: quoted fields, `""` inside quotes, delimiters and newlines inside
 * quotes). Returns undefined when the text ends inside a quoted field: the caller appends the next line.
 */
export function splitRecord(text: string, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}

/** Streams a CSV file's records (blank lines skipped), the header first, without loading the file. */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let delimiter: string | undefined;
  let pending: string | undefined;
  let pendingLine = 0;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const text = pending === undefined ? line : `${pending}\n${line}`;
    const start = pending === undefined ? lineNo : pendingLine;
    if (pending === undefined && line.trim() === '') continue;
    delimiter ??= sniffDelimiter(line);
    const fields = splitRecord(text, delimiter);
    if (fields === undefined) {
      pending = text;
      pendingLine = start;
      continue;
    }
    pending = undefined;
    yield { fields, line: start };
  }
  if (pending !== undefined) throw new UsageError(`line ${pendingLine}: a quoted field is never closed`);
}
