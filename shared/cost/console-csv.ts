import { parseAmount } from './amount';
import type { CostCell, Granularity, ParsedResponse } from './cell';
import { serviceOfConsoleName } from './console-names';
import { parseCsv } from './csv';
import { CostInputError } from './errors';
import type { AmountRules } from './parse-response';
import { nextDay, nextMonthStart } from './period';

const CURRENCY_SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const HEADER = /^(.*?)\s*\(([^()]+)\)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `text` looks like the console's CSV (first cell "Service"). */
export function isConsoleCsv(text: string): boolean {
  return /^\uFEFF?"?Service"?\s*,/.test(text);
}

function granularityOfRows(days: string[], origin: string): Granularity {
  const sorted = [...days].sort();
  if (sorted.length >= 2 && sorted.every((d, i) => i === 0 || d === nextDay(sorted[i - 1] as string)))
    return 'DAILY';
  if (sorted.length >= 2 && sorted.every((d, i) => i === 0 || d === nextMonthStart(sorted[i - 1] as string)))
    return 'MONTHLY';
  throw new CostInputError(
    origin,
    'periods',
    `cannot tell daily from monthly rows (${sorted.slice(0, 3).join(', ')}${sorted.length > 3 ? ', …' : ''}): download at least two consecutive days or months`,
  );
}

/**
 * Reads the CSV the Cost Explorer console downloads: one column per service (`Bedrock($)`), one
 * row per period, a `Service total` row (not a period) and a `Total costs` column (a sum), both
 * skipped. The amounts are the report's cost metric, read as unblended cost (the console's default).
 */
export function parseConsoleCsv(text: string, origin: string, rules: AmountRules): ParsedResponse {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0] ?? [];
  const columns = header.slice(1).map((h, i) => {
    const m = HEADER.exec(h.trim());
    const field = `header column ${i + 2} (${JSON.stringify(h)})`;
    if (!m) throw new CostInputError(origin, field, 'expected "<service>(<currency symbol>)"');
    const currency = CURRENCY_SYMBOLS[(m[2] as string).trim()] ?? (m[2] as string).trim();
    if (currency !== rules.currency)
      throw new CostInputError(origin, field, `currency ${currency} is not the configured ${rules.currency}`);
    const name = (m[1] as string).trim();
    return { skip: /^total costs?$/i.test(name), service: serviceOfConsoleName(name), currency };
  });
  const periods = rows.slice(1).filter((r) => !/^service total$/i.test((r[0] ?? '').trim()));
  const days = periods.map((r, i) => {
    const day = (r[0] ?? '').trim();
    if (!DATE.test(day))
      throw new CostInputError(origin, `row ${i + 2} column 1`, `expected a date, got "${day}"`);
    return day;
  });
  const granularity = granularityOfRows(days, origin);
  const cells: CostCell[] = [];
  periods.forEach((row, r) => {
    const start = days[r] as string;
    const end = granularity === 'DAILY' ? nextDay(start) : nextMonthStart(start);
    columns.forEach((column, c) => {
      const raw = (row[c + 1] ?? '').trim();
      if (column.skip || raw === '') return;
      const field = `row ${r + 2} column ${c + 2} (${column.service})`;
      let amount: bigint;
      try {
        amount = parseAmount(raw);
      } catch (error) {
        throw new CostInputError(origin, field, (error as Error).message, { cause: error });
      }
      if (amount < 0n && rules.negativeCost === 'reject')
        throw new CostInputError(origin, field, `negative cost ${raw}`);
      cells.push({
        start,
        end,
        granularity,
        estimated: false,
        keys: [column.service],
        unblended: amount,
        currency: column.currency,
      });
    });
  });
  return { origin, shape: [{ type: 'DIMENSION', key: 'SERVICE' }], cells };
}
