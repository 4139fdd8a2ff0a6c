import type { ParsedResponse } from './cell';
import { isConsoleCsv, parseConsoleCsv } from './console-csv';
import { CostInputError } from './errors';
import { type AmountRules, parseCostPage } from './parse-response';

/** A saved file: its name (for messages) and its text. */
export interface SavedFile {
  name: string;
  text: string;
}

/**
 * Reads saved Cost Explorer output: `aws ce get-cost-and-usage` JSON (one response, or an array of
 * pages), boto3 output (with `ResponseMetadata`), or the console's CSV download. Throws
 * `CostInputError` naming the file and the field; nothing is read from a file only in part.
 */
export function readSavedResponses(files: readonly SavedFile[], rules: AmountRules): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  for (const file of files) {
    const text = file.text.replace(/^\uFEFF/, '');
    if (isConsoleCsv(text)) {
      out.push(parseConsoleCsv(text, file.name, rules));
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CostInputError(
        file.name,
        '(file)',
        `neither JSON from aws ce get-cost-and-usage nor the console's CSV: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (Array.isArray(json)) {
      if (json.length === 0) throw new CostInputError(file.name, '(root)', 'an empty array of pages');
      json.forEach((page, i) => {
        out.push(parseCostPage(page, `${file.name} page ${i + 1}`, rules));
      });
    } else out.push(parseCostPage(json, file.name, rules));
  }
  return out;
}
