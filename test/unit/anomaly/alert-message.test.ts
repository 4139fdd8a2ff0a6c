import { describe, expect, it } from 'vitest';
import { alertMessage, alertSubject } from '../../../shared/anomaly/alert-message';
import type { AlertDetail } from '../../../shared/anomaly/incident';

const detail = (over: Partial<AlertDetail> = {}): AlertDetail => ({
  incidentId: 'inc-0123456789',
  event: 'open',
  kind: 'usage',
  severity: 'high',
  title: 'Unusual value for this time of day and week',
  summary: 'Observed 41.2 where 10.1 was expected; a spike.',
  series: {
    metric: 'estimated_cost',
    unit: 'USD',
    dimensions: {
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
      model: 'claude-sonnet-4-5',
    },
  },
  metrics: ['estimated_cost', 'tokens'],
  startedAt: '2026-03-02T09:00:00.000Z',
  lastAnomalousAt: '2026-03-02T11:00:00.000Z',
  observed: 41.2,
  expected: 10.1,
  direction: 'up',
  detector: 'seasonal-baseline',
  impact: { extraCostSoFar: 93.3, extraCostPerDay: 746.4, currency: 'USD', estimate: true },
  contributors: { model: 'claude-sonnet-4-5', feature: 'ticket-summary', identities: [] },
  release: { at: '2026-03-02T08:40:00.000Z', team: 'support', feature: 'ticket-summary', version: 'v2.4.0' },
  ...over,
});
const opts = {
  commandHint: 'genai-finops alert ack inc-0123456789',
  detailKey: '_state/alerts/x.json',
  detailUri: 's3://b/_state/alerts/x.json',
};

describe('alertMessage', () => {
  it('returns a subject under 100 characters with severity, series, change and dollars a day', () => {
    const s = alertSubject(detail());
    expect(s.length).toBeLessThan(100);
    expect(s).toBe(
      '[high] usage: support / ticket-summary / prod / claude-sonnet-4…: estimated cost up 4.1x, ~$746/day',
    );
  });

  it('says the dollars are not priced, never $0, when the resource has no rate', () => {
    const unpriced = detail({
      impact: {
        extraCostSoFar: 0,
        extraCostPerDay: 0,
        currency: 'USD',
        estimate: true,
        unpriced: 'no hourly rate for ml.g5.2xlarge in the price book',
      },
    });
    const text = alertMessage(unpriced, opts).text;
    expect(text).toContain('Dollars:   not priced (no hourly rate for ml.g5.2xlarge in the price book)');
    expect(text).not.toMatch(/\$0\.00/);
    expect(alertSubject(unpriced)).not.toContain('$');
  });

  it('returns the team, environment, severity and kind attributes', () => {
    expect(alertMessage(detail(), opts).attributes).toEqual({
      team: 'support',
      environment: 'prod',
      severity: 'high',
      kind: 'usage',
    });
  });

  it('says what, when, observed vs expected, dollars, drivers and the release in the text', () => {
    const text = alertMessage(detail(), opts).text;
    for (const part of [
      'support',
      '2026-03-02 09:00 UTC',
      '$41.20',
      '$10.10',
      '$93.30 so far',
      '$746 per day',
      'estimate',
      'v2.4.0',
      'inc-0123456789',
    ]) {
      expect(text).toContain(part);
    }
  });

  describe('untrusted values', () => {
    it('strips control characters and line breaks from the subject and body lines', () => {
      const team = 'evil\r\nBcc: x@y.z\u001b[31m\u202e';
      const m = alertMessage(
        detail({ series: { ...detail().series, dimensions: { team, environment: 'prod' } } }),
        opts,
      );
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
      expect(m.subject).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
      expect(m.text.split('\n').some((l) => l.startsWith('Bcc:'))).toBe(false);
      expect(m.attributes.team).toBe('evil Bcc: x@y.z [31m');
    });

    it('keeps a long subject under 100 characters', () => {
      const long = 'x'.repeat(500);
      const m = alertMessage(
        detail({ series: { ...detail().series, dimensions: { team: long, feature: long } } }),
        opts,
      );
      expect(m.subject.length).toBeLessThan(100);
    });

    it('truncates a body over the cap and ends it with where the full detail is', () => {
      const note = 'n'.repeat(400_000);
      const m = alertMessage(
        detail({ release: { at: '2026-03-02T08:40:00.000Z', team: 'support', version: 'v2.4.0', note } }),
        opts,
      );
      expect(Buffer.byteLength(m.text)).toBeLessThanOrEqual(250_000);
      expect(m.text.trimEnd().endsWith(opts.detailUri)).toBe(true);
      expect(m.detailKey).toBe(opts.detailKey);
    });
  });
});
