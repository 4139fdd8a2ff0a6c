import type { AppConfig } from '../config';
import type { QueryEngine } from '../ports/query-engine';
import { collectRecommendations, toReportRecommendations } from '../recommend/collect-recommendations';
import { dollarsText } from '../recommend/micros';
import type { ReportRecommendation, ReportWindow } from '../report/report-input';
import type { UsageDaysOf } from '../sql/finops/usage-days';

/** The report's recommendations, or why there are none this run. */
export type RunRecommendations =
  | { recommendations: ReportRecommendation[]; estimatedMonthlySaving: string }
  | { error: string };

/**
 * The recommendations over the report's window, as `recommend` makes them (the same queries and
 * detectors), in the report's form. A failure is returned, not thrown: the report goes out without
 * them, saying so, and the run's summary names the error.
 */
export async function reportRecommendations(
  engine: QueryEngine,
  config: AppConfig,
  window: ReportWindow,
  usageDays?: UsageDaysOf,
): Promise<RunRecommendations> {
  try {
    const set = await collectRecommendations(engine, {
      ...window,
      unattributed: config.attribution.unattributed,
      costlyRate: config.pricing.costlyInstanceRate,
      peakStart: config.pricing.peakHoursUtc.start,
      peakEnd: config.pricing.peakHoursUtc.end,
      recommend: config.recommend,
      ...(usageDays ? { usageDays } : {}),
    });
    return {
      recommendations: toReportRecommendations(set.recommendations),
      estimatedMonthlySaving: dollarsText(set.totalMicros),
    };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
