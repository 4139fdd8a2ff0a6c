import { type BillSummary, summarizeBill } from './bill-summary';
import { type GpuSummary, summarizeGpu } from './gpu-summary';
import type { ReportGuardrailEvent, ReportIncident, ReportInput, ReportRecommendation } from './report-input';
import { type SpendSummary, summarizeSpend } from './spend-summary';
import { summarizeTags, type TagSummary } from './tag-summary';
import { summarizeUnitCosts, type UnitCostSummary } from './unit-cost-summary';

/** Everything the page, the e-mail and the metrics show, each part summed from one shipped query. */
export interface ReportSummary {
  spend: SpendSummary;
  tags: TagSummary;
  gpu: GpuSummary;
  bill: BillSummary;
  unitCosts: UnitCostSummary;
  /** Undefined lists: the producing feature has not landed; shown as "none in this period". */
  incidents: readonly ReportIncident[];
  guardrailEvents: readonly ReportGuardrailEvent[];
  recommendations: readonly ReportRecommendation[];
  recommendationsCents: bigint;
  /** True when the recommendations failed this run: the page and the mail say "unavailable". */
  recommendationsUnavailable: boolean;
}

/** What the page and the mail say when the recommendations failed this run. */
export const RECOMMENDATIONS_UNAVAILABLE =
  'unavailable this time: their queries failed (the rest of the report is complete)';

/** Sums the report's query results into the numbers each section shows. */
export function summarizeReport(input: ReportInput): ReportSummary {
  const r = input.results;
  const recommendations = input.recommendations ?? [];
  return {
    spend: summarizeSpend(r.allocation, r.previousAllocation),
    tags: summarizeTags(r.tagCoverage),
    gpu: summarizeGpu(r.gpuEfficiency),
    bill: summarizeBill(r.estimateVsBill),
    unitCosts: summarizeUnitCosts(r.trends, r.unitCosts, input.window),
    incidents: input.incidents ?? [],
    guardrailEvents: input.guardrailEvents ?? [],
    recommendations,
    recommendationsCents: recommendations.reduce((sum, rec) => sum + rec.savingCents, 0n),
    recommendationsUnavailable: input.recommendationsUnavailable === true,
  };
}
