import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/ports/query-engine';
import { toReportRecommendations } from '../../../shared/recommend/collect-recommendations';
import { RECOMMENDATION_KINDS, type Recommendation } from '../../../shared/recommend/recommendation';
import { reportEmail } from '../../../shared/report/report-email';
import { eventSections } from '../../../shared/report/section-events';
import { summarizeReport } from '../../../shared/report/summarize-report';

const empty: QueryResult = { columns: [], rows: [], bytesScanned: 0, engine: 'duckdb' };
const window = { from: '2026-03-09', to: '2026-03-15' };

// One recommendation of each kind, kind i saving $(i + 1).005 (half a cent up to the next cent).
const recs: Recommendation[] = RECOMMENDATION_KINDS.map((kind, i) => ({
  kind,
  team: 'research',
  feature: null,
  environment: 'prod',
  resource: `resource-${i}`,
  evidence: {},
  monthlySavingMicros: BigInt(i + 1) * 1_000_000n + 5_000n,
  confidence: 'medium',
  action: `do ${kind}`,
}));

function summary() {
  return summarizeReport({
    window,
    previousWindow: { from: '2026-03-02', to: '2026-03-08' },
    generatedAt: '2026-03-16T06:00:00Z',
    unattributed: 'unattributed',
    currency: 'USD',
    results: {
      allocation: empty,
      previousAllocation: empty,
      unitCosts: empty,
      trends: empty,
      gpuEfficiency: empty,
      estimateVsBill: empty,
      tagCoverage: empty,
    },
    recommendations: toReportRecommendations(recs),
  });
}

describe('the report and the e-mail of every recommendation kind', () => {
  it('returns each saving in cents, half up: $1.005 → 101 cents', () => {
    expect(toReportRecommendations(recs).map((r) => r.savingCents)).toEqual(
      RECOMMENDATION_KINDS.map((_, i) => BigInt((i + 1) * 100 + 1)),
    );
  });

  it('returns a recommendations section naming every kind, gpu-low-output-value included', () => {
    const html = eventSections(summary());
    expect(RECOMMENDATION_KINDS).toContain('gpu-low-output-value');
    for (const kind of RECOMMENDATION_KINDS) expect(html).toContain(`${kind}: do ${kind}`);
  });

  it('returns an e-mail whose total adds every kind: $1.01 + … + $10.01 = $55.10', () => {
    const m = reportEmail(summary(), {
      window,
      kind: 'weekly',
      link: 'https://bucket.s3.amazonaws.com/report.html',
      linkExpiresAt: '2026-03-23T06:00:00Z',
    });
    expect(m.text).toContain('Recommendations: $55.10 estimated saving per month');
  });
});
