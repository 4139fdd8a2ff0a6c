import type { AppConfig } from '../../shared/config';
import type { QueryEngine, QueryResult } from '../../shared/ports';
import {
  collectRecommendations,
  type RecommendationSet,
} from '../../shared/recommend/collect-recommendations';
import { dollarsText } from '../../shared/recommend/micros';
import type { ReportWindow } from '../../shared/report/report-input';
import type { UsageDaysOf } from '../../shared/sql/finops/usage-days';

/** The recommendations of `window` on `engine`, with the configuration's thresholds (usage per `usageDays`). */
export function recommendationsOf(
  engine: QueryEngine,
  config: AppConfig,
  window: ReportWindow,
  usageDays?: UsageDaysOf,
): Promise<RecommendationSet> {
  return collectRecommendations(engine, {
    ...window,
    unattributed: config.attribution.unattributed,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
    recommend: config.recommend,
    ...(usageDays ? { usageDays } : {}),
  });
}

/** The recommendations as a result the shared formatters print; the saving as exact decimal text. */
export function recommendationTable(set: RecommendationSet, withEvidence: boolean): QueryResult {
  const columns = [
    { name: 'kind', type: 'varchar' },
    { name: 'team', type: 'varchar' },
    { name: 'feature', type: 'varchar' },
    { name: 'environment', type: 'varchar' },
    { name: 'resource', type: 'varchar' },
    { name: 'estimated_monthly_saving', type: 'decimal(20,2)' },
    { name: 'confidence', type: 'varchar' },
    ...(withEvidence ? [{ name: 'evidence', type: 'varchar' }] : []),
    { name: 'action', type: 'varchar' },
  ];
  const rows = set.recommendations.map((r) => ({
    kind: r.kind,
    team: r.team,
    feature: r.feature,
    environment: r.environment,
    resource: r.resource,
    estimated_monthly_saving: dollarsText(r.monthlySavingMicros),
    confidence: r.confidence,
    ...(withEvidence
      ? {
          evidence: Object.entries(r.evidence)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        }
      : {}),
    action: r.action,
  }));
  return { columns, rows, bytesScanned: 0, engine: 'duckdb' };
}
