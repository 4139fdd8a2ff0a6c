import { chargebackCsv } from './chargeback-csv';
import { focusCsv } from './focus-csv';
import { renderReportHtml } from './render-html';
import type { ReportInput } from './report-input';
import { type ReportSummary, summarizeReport } from './summarize-report';

/** The report's artifacts by file name, exactly as the issue names them. */
export interface ReportArtifacts {
  'report.html': string;
  'chargeback.csv': string;
  'focus.csv': string;
}

/** File names and content types, for writing the artifacts to a folder or S3. */
export const ARTIFACT_TYPES: Record<keyof ReportArtifacts, string> = {
  'report.html': 'text/html; charset=utf-8',
  'chargeback.csv': 'text/csv; charset=utf-8',
  'focus.csv': 'text/csv; charset=utf-8',
};

/** The report's files and its summary (for the e-mail and the metrics). */
export interface BuiltReport {
  artifacts: ReportArtifacts;
  summary: ReportSummary;
}

/** Builds every artifact from the shipped queries' results. Pure apart from rendering charts (async). */
export async function buildReport(input: ReportInput, billingAccountId: string): Promise<BuiltReport> {
  const summary = summarizeReport(input);
  return {
    summary,
    artifacts: {
      'report.html': await renderReportHtml(input, summary),
      'chargeback.csv': chargebackCsv(input.results.unitCosts, input.currency),
      'focus.csv': focusCsv(input.results.unitCosts, input.results.allocation, {
        billingAccountId,
        currency: input.currency,
        unattributed: input.unattributed,
      }),
    },
  };
}
