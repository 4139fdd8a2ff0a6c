import { describe, expect, it } from 'vitest';
import { dimensionValue, OTHER, topN } from '../../shared/report-run/bounded-values';
import { emfRecords } from '../../shared/report-run/emf';
import { lastFullPeriod, localDay } from '../../shared/report-run/last-period';

describe('lastFullPeriod', () => {
  it('returns the Monday-to-Sunday week before the local day', () => {
    expect(lastFullPeriod('week', new Date('2026-03-16T05:00:00Z'), 'Europe/Berlin')).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
  });

  it('returns the previous calendar month, February in a non-leap year included', () => {
    expect(lastFullPeriod('month', new Date('2026-03-01T06:00:00Z'), 'UTC')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(lastFullPeriod('month', new Date('2026-01-01T06:00:00Z'), 'UTC')).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  describe('time zones', () => {
    const at = new Date('2026-02-28T23:30:00Z');
    it('counts from the day it already is in the configured zone', () => {
      expect(localDay(at, 'UTC')).toBe('2026-02-28');
      expect(localDay(at, 'Europe/Berlin')).toBe('2026-03-01');
      expect(lastFullPeriod('month', at, 'UTC')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
      expect(lastFullPeriod('month', at, 'Europe/Berlin')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    });

    it('returns the same week on a Sunday evening in Los Angeles as UTC on Monday is not yet there', () => {
      const mondayUtc = new Date('2026-03-16T03:00:00Z');
      expect(lastFullPeriod('week', mondayUtc, 'UTC')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
      expect(lastFullPeriod('week', mondayUtc, 'America/Los_Angeles')).toEqual({
        from: '2026-03-02',
        to: '2026-03-08',
      });
    });
  });
});

describe('bounded dimension values', () => {
  it('keeps the top N by weight and folds the rest into other', () => {
    const bound = topN(
      new Map([
        ['a', 5],
        ['b', 9],
        ['c', 1],
      ]),
      2,
    );
    expect(['a', 'b', 'c', 'new'].map(bound)).toEqual(['a', 'b', OTHER, OTHER]);
  });

  it('returns printable ASCII, never blank', () => {
    expect(dimensionValue('équipe\u0007', 'unattributed')).toBe('?quipe?');
    expect(dimensionValue('  ', 'unattributed')).toBe('unattributed');
    expect(dimensionValue('x'.repeat(300), 'u')).toHaveLength(255);
  });
});

describe('emfRecords', () => {
  it('returns one record per point with its single dimension set and units', () => {
    const [record] = emfRecords([
      { day: '2026-03-09', dimension: 'model', value: 'nova', values: { InputTokens: 10, Spend: 1.5 } },
      { day: '2026-03-09', dimension: 'team', value: 'x', values: {} },
    ]).map((r) => JSON.parse(r));
    expect(record).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-03-09T00:00:00Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'GenAiFinOps',
            Dimensions: [['model']],
            Metrics: [
              { Name: 'InputTokens', Unit: 'Count' },
              { Name: 'Spend', Unit: 'None' },
            ],
          },
        ],
      },
      model: 'nova',
      InputTokens: 10,
      Spend: 1.5,
    });
  });
});
