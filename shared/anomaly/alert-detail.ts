import { describeFinding } from '../detect/registry';
import type { Contributors } from './contributors';
import type { Episode } from './episode';
import type { AlertDetail, AlertEvent } from './incident';
import type { Release } from './releases';

const iso = (ms: number) => new Date(ms).toISOString();

/** The alert content for an episode: the registry's severity and wording plus dollars, drivers and release. */
export function alertDetail(
  incidentId: string,
  event: AlertEvent,
  e: Episode,
  contributors: Contributors,
  release: Release | undefined,
): AlertDetail {
  const finding = describeFinding(
    e.detector,
    {
      verdict: 'anomalous',
      score: e.score,
      expected: e.expected,
      direction: e.direction,
      // A static threshold's expectation is its limit.
      ...(e.detector === 'static-threshold'
        ? { [e.direction === 'down' ? 'lower' : 'upper']: e.expected }
        : {}),
    },
    e.observed,
  );
  return {
    incidentId,
    event,
    kind: e.series.kind,
    severity: finding.severity,
    title: finding.title,
    // The replay gives no band: the registry's wording would print it as unknown.
    summary: finding.summary.replace(/ \(band unknown to unknown\)/, ''),
    series: { metric: e.series.metric, unit: e.series.unit, dimensions: { ...e.series.dimensions } },
    metrics: e.metrics,
    startedAt: iso(e.startedAt),
    lastAnomalousAt: iso(e.lastAnomalousAt),
    ...(e.closedAt !== undefined ? { closedAt: iso(e.closedAt) } : {}),
    observed: round(e.observed),
    expected: round(e.expected),
    ...(e.samplePeriod ? { per: e.samplePeriod } : {}),
    direction: e.direction,
    detector: e.detector,
    impact: {
      extraCostSoFar: round(e.extraCostSoFar, 2),
      extraCostPerDay: round(e.extraCostPerDay, 2),
      currency: 'USD',
      estimate: true,
      ...(e.unpriced ? { unpriced: e.unpriced } : {}),
    },
    contributors,
    ...(release ? { release: { ...release, at: iso(release.at) } } : {}),
  };
}

function round(n: number, digits = 4): number {
  if (!Number.isFinite(n)) return 0;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
