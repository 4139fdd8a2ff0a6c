import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { parseCsv } from '../../shared/cost/csv';
import { type BuiltReport, buildReport } from '../../shared/report/build-report';
import { collectReport } from '../../shared/report/collect-report';
import type { ReportInput } from '../../shared/report/report-input';
import { previousWindow } from '../../shared/report/report-window';
import { REPORT_WINDOW, writeReportLake } from './report-lake';

/** The report fixture: the queries' results it was built from, and what was built. */
export interface ReportFixture {
  input: ReportInput;
  built: BuiltReport;
}

/** Builds the report of the fixture lake through DuckDB, as the CLI does. */
export async function buildFixtureReport(options: { hostile?: boolean } = {}): Promise<ReportFixture> {
  const lake = writeReportLake(undefined, options);
  const engine = await DuckDbEngine.open(lake);
  try {
    const { results } = await collectReport(engine, REPORT_WINDOW, {
      unattributed: 'unattributed',
      gapPct: 10,
      costlyRate: 10,
      peakStart: 9,
      peakEnd: 18,
    });
    const input: ReportInput = {
      window: REPORT_WINDOW,
      previousWindow: previousWindow(REPORT_WINDOW),
      generatedAt: '2026-03-16T06:00:00Z',
      unattributed: 'unattributed',
      currency: 'USD',
      results,
    };
    return { input, built: await buildReport(input, '111122223333') };
  } finally {
    await engine.close();
  }
}

/** A CSV as header → value records. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows
    .filter((r) => r.length > 1 || r[0] !== '')
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Decimal text to integer cents, exactly (`'0.07'` → 7n). */
export function cents(text: string): bigint {
  if (text === '') return 0n;
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return text.startsWith('-') ? -value : value;
}
