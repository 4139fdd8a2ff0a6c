import { describe, expect, it } from 'vitest';
import { alertText } from '../../../shared/anomaly/alert-message';
import type { AlertDetail } from '../../../shared/anomaly/incident';

const detail = (over: Partial<AlertDetail>): AlertDetail => ({
  incidentId: 'inc-0123456789',
  event: 'open',
  kind: 'usage',
  severity: 'high',
  title: 'Configured limit exceeded',
  summary: 'Observed 512020 against a configured maximum of 300000.',
  series: {
    metric: 'tokens',
    unit: 'tokens',
    dimensions: { threshold: 'research-tokens', team: 'research' },
  },
  metrics: ['tokens'],
  startedAt: '2026-03-02T15:00:00.000Z',
  lastAnomalousAt: '2026-03-02T15:00:00.000Z',
  observed: 512_020,
  expected: 300_000,
  direction: 'up',
  detector: 'static-threshold',
  impact: { extraCostSoFar: 0.92, extraCostPerDay: 0.8, currency: 'USD', estimate: true },
  contributors: { identities: [] },
  ...over,
});

describe('alertText', () => {
  it('says what observed and expected are per: an hour by default, a quarter hour or a day when the sample is', () => {
    const line = (a: AlertDetail) =>
      alertText(a, 'hint')
        .split('\n')
        .find((l) => l.startsWith('Observed:')) ?? '';
    expect(line(detail({}))).toContain('per hour');
    expect(line(detail({ per: 'quarter hour' }))).toContain('per quarter hour');
    expect(
      line(detail({ per: 'day', series: { metric: 'estimated_cost', unit: 'USD', dimensions: {} } })),
    ).toContain('per day');
    expect(line(detail({ kind: 'billed-cost' }))).toContain('per day');
  });

  it('names the threshold and its limit', () => {
    const text = alertText(detail({}), 'hint');
    expect(text).toContain('threshold=research-tokens');
    expect(text).toContain('configured maximum of 300000');
  });
});
