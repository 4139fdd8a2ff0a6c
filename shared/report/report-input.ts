import type { QueryResult } from '../ports/query-engine';

/** An inclusive range of UTC days, `YYYY-MM-DD`. */
export interface ReportWindow {
  from: string;
  to: string;
}

/**
 * The shipped queries' results a report is made of, each run as-is (`shared/sql/finops`):
 * every number on the page, in the CSVs and in the e-mail comes from one of these.
 */
export interface ReportResults {
  /** `allocation` over the window. */
  allocation: QueryResult;
  /** `allocation` over the previous window of the same length (the "change" and the movers). */
  previousAllocation: QueryResult;
  /** `unit-costs` over the window (chargeback rows, cost per outcome). */
  unitCosts: QueryResult;
  /** `trends` over the window widened to the previous week and month (so changes have a base). */
  trends: QueryResult;
  gpuEfficiency: QueryResult;
  estimateVsBill: QueryResult;
  tagCoverage: QueryResult;
}

/** An anomaly incident of the period, as the detection issue stores it (only what the report shows). */
export interface ReportIncident {
  openedAt: string;
  closedAt?: string | null;
  team?: string | null;
  series: string;
  severity: string;
  summary: string;
}

/** A guardrail event of the period (a budget action taken or proposed). */
export interface ReportGuardrailEvent {
  at: string;
  team?: string | null;
  action: string;
  summary: string;
}

/** A recommendation with its estimated monthly saving in cents. */
export interface ReportRecommendation {
  title: string;
  team?: string | null;
  savingCents: bigint;
}

/** Everything a report is built from; no clock or environment is read past this. */
export interface ReportInput {
  window: ReportWindow;
  previousWindow: ReportWindow;
  /** When the report was made (ISO 8601), shown in the header. */
  generatedAt: string;
  /** The configured label of untagged spend (`attribution.unattributed`). */
  unattributed: string;
  currency: string;
  results: ReportResults;
  /** Absent lists mean the producing feature is not there yet: the page says "none in this period". */
  incidents?: readonly ReportIncident[];
  guardrailEvents?: readonly ReportGuardrailEvent[];
  recommendations?: readonly ReportRecommendation[];
  /** The recommendations could not be made this time (their queries failed): said so, not "none". */
  recommendationsUnavailable?: boolean;
}
