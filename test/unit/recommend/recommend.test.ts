import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { commitments } from '../../../shared/recommend/commitments';
import { gpuOffPeak } from '../../../shared/recommend/gpu-off-peak';
import type { GpuHour, GpuResource } from '../../../shared/recommend/gpu-resource';
import { type GpuSettings, gpuWaste } from '../../../shared/recommend/gpu-waste';
import { modelQualityVsCost } from '../../../shared/recommend/model-quality';
import type { ModelUsage } from '../../../shared/recommend/model-usage';
import { costPerOutcomeTrend } from '../../../shared/recommend/outcome-trend';
import { cheapestMeeting, paretoFront } from '../../../shared/recommend/pareto-front';
import { PriceIndex } from '../../../shared/recommend/price-index';
import { promptCaching } from '../../../shared/recommend/prompt-caching';
import { QualityBook } from '../../../shared/recommend/quality-book';
import { recommendSql } from '../../../shared/recommend/recommend-sql';
import { rightSizeModels } from '../../../shared/recommend/right-size';
import { renderSql } from '../../../shared/sql/params';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const prices = new PriceIndex([
  { item: SONNET, scope: 'geo', charge: 'input', price: '3.3' },
  { item: SONNET, scope: 'geo', charge: 'output', price: '16.5' },
  { item: HAIKU, scope: 'geo', charge: 'input', price: '1.1' },
  { item: HAIKU, scope: 'geo', charge: 'output', price: '5.5' },
  { item: HAIKU, scope: 'geo', charge: 'cache_read', price: '0.11' },
  { item: HAIKU, scope: 'geo', charge: 'cache_write_5m', price: '1.375' },
  { item: 'p4d.24xlarge', scope: 'any', charge: 'instance_hour', price: '21.957642' },
]);
const noQuality = new QualityBook([], {});
const rightSize = {
  maxMeanPromptTokens: 4000,
  maxMeanOutputTokens: 500,
  maxP95PromptTokens: 16000,
  maxErrorRatePct: 2,
  minInvocations: 100,
};
const usage = (over: Partial<ModelUsage> = {}): ModelUsage => ({
  team: 'support',
  feature: 'ticket-summary',
  environment: 'prod',
  model: SONNET,
  scope: 'geo',
  invocations: 1000,
  errors: 0,
  inputTokens: 1_000_000,
  outputTokens: 100_000,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  p95PromptTokens: 2000,
  activeSlots: 200,
  ...over,
});

describe('rightSizeModels', () => {
  it('returns the tokens at the price gap: 1M input × 2.2 + 0.1M output × 11 per 1M = $3.30 over 30 days', () => {
    const [rec, ...rest] = rightSizeModels([usage()], prices, noQuality, rightSize, 30);
    expect(rest).toEqual([]);
    expect(rec?.resource).toBe(SONNET);
    expect(rec?.action).toContain(HAIKU);
    expect(rec?.monthlySavingMicros).toBe(3_300_000n);
  });

  it('scales a 15-day window to 30 days', () => {
    expect(rightSizeModels([usage()], prices, noQuality, rightSize, 15)[0]?.monthlySavingMicros).toBe(
      6_600_000n,
    );
  });

  describe('does not downsize what the data does not support', () => {
    it('returns nothing for long, complex calls (long context, long outputs)', () => {
      const long = usage({ inputTokens: 9_000_000, outputTokens: 1_500_000, p95PromptTokens: 40_000 });
      expect(rightSizeModels([long], prices, noQuality, rightSize, 30)).toEqual([]);
    });
    it('returns nothing when the smaller model misses the quality bar', () => {
      const book = new QualityBook(
        [{ feature: 'ticket-summary', model: HAIKU, metric: 'accuracy', score: 0.7 }],
        { 'ticket-summary': { metric: 'accuracy', minScore: 0.8 } },
      );
      expect(rightSizeModels([usage()], prices, book, rightSize, 30)).toEqual([]);
    });
    it('returns nothing with a high error rate', () => {
      expect(rightSizeModels([usage({ errors: 50 })], prices, noQuality, rightSize, 30)).toEqual([]);
    });
  });
});

describe('promptCaching', () => {
  const settings = {
    minMeanPromptTokens: 1024,
    maxCacheReadSharePct: 20,
    cacheablePrefixPct: 50,
    minInvocations: 100,
  };

  it('returns the cache-read gap at the measured repetition, less the write premium', () => {
    // 2M input, 50% cacheable = 1M; 1000 calls in 200 five-minute slots: 800 read, 200 write.
    // 800k × (1.1 − 0.11) / 1M = 0.792; 200k × (1.375 − 1.1) / 1M = 0.055; saving 0.737.
    const [rec] = promptCaching([usage({ model: HAIKU, inputTokens: 2_000_000 })], prices, settings, 30);
    expect(rec?.monthlySavingMicros).toBe(737_000n);
    expect(rec?.evidence.cache_read_tokens_if_cached).toBe(800_000);
  });

  it('returns nothing when the prompts are already read from the cache', () => {
    const cached = usage({ model: HAIKU, inputTokens: 500_000, cacheReadTokens: 1_500_000 });
    expect(promptCaching([cached], prices, settings, 30)).toEqual([]);
  });

  it('returns nothing when every call is alone in its slot (no repetition to cache)', () => {
    const rare = usage({ model: HAIKU, inputTokens: 2_000_000, activeSlots: 1000 });
    expect(promptCaching([rare], prices, settings, 30)).toEqual([]);
  });
});

describe('paretoFront', () => {
  const pts = [
    { model: 'a', costMicros: 10n, score: 0.9 },
    { model: 'b', costMicros: 20n, score: 0.8 },
    { model: 'c', costMicros: 10n, score: 0.9 },
    { model: 'd', costMicros: 5n, score: 0.7 },
    { model: 'e', costMicros: 10n, score: 0.85 },
  ];
  it('excludes dominated models and keeps ties', () => {
    expect(paretoFront(pts).map((p) => p.model)).toEqual(['d', 'a', 'c']);
  });
  it('returns the cheapest model meeting the bar', () => {
    expect(cheapestMeeting(pts, 0.85)?.model).toBe('a');
    expect(cheapestMeeting(pts, 0.7)?.model).toBe('d');
    expect(cheapestMeeting(pts, 0.95)).toBeUndefined();
  });
});

describe('modelQualityVsCost', () => {
  it('returns the cheapest model meeting the bar and the saving at its price', () => {
    const book = new QualityBook(
      [
        { feature: 'ticket-summary', model: SONNET, metric: 'accuracy', score: 0.92 },
        { feature: 'ticket-summary', model: HAIKU, metric: 'accuracy', score: 0.88 },
      ],
      { 'ticket-summary': { metric: 'accuracy', minScore: 0.85 } },
    );
    const { tables, recommendations } = modelQualityVsCost([usage()], prices, book, 30);
    // Sonnet: 3.3 + 1.65 = $4.95 over 1000 calls; Haiku: 1.1 + 0.55 = $1.65.
    expect(tables[0]?.front.map((p) => [p.model, p.costMicros])).toEqual([
      [HAIKU, 1650n],
      [SONNET, 4950n],
    ]);
    expect(recommendations[0]?.resource).toBe(HAIKU);
    expect(recommendations[0]?.monthlySavingMicros).toBe(3_300_000n);
  });
});

const hours = (n: number, util: (h: number) => number, startDay = '2026-03-02', gpuCount = 8): GpuHour[] =>
  Array.from({ length: n }, (_, i) => ({
    day: new Date(Date.parse(`${startDay}T00:00:00Z`) + Math.floor(i / 24) * 86_400_000)
      .toISOString()
      .slice(0, 10),
    hour: i % 24,
    utilAvg: util(i % 24),
    gpuCount,
  }));
const gpu = (over: Partial<GpuResource>): GpuResource => ({
  resourceId: 'i-1',
  source: 'ec2',
  instanceType: 'p4d.24xlarge',
  team: 'research',
  environment: 'prod',
  priority: 'high',
  costMicros: 48_000_000n,
  hours: hours(48, () => 80),
  ...over,
});
const settings: GpuSettings = {
  idleUtilPct: 10,
  idleMaxUtilPct: 30,
  scaleDownUtilPct: 40,
  targetUtilPct: 70,
  costlyRate: 10,
  peakStart: 9,
  peakEnd: 18,
  offPeakMaxUtilPct: 50,
  minHours: 12,
};

describe('gpuWaste', () => {
  it('returns an idle instance with its whole cost: $48 over 48 hours is $730 a month', () => {
    const [rec] = gpuWaste([gpu({ hours: hours(48, () => 2) })], settings, 48);
    expect(rec?.kind).toBe('gpu-idle');
    expect(rec?.monthlySavingMicros).toBe(730_000_000n);
  });
  it('returns a scale-down saving of cost × (1 − 35/70) for a resource at 35%', () => {
    const [rec] = gpuWaste([gpu({ hours: hours(48, () => 35) })], settings, 48);
    expect(rec?.kind).toBe('gpu-scale-down');
    expect(rec?.monthlySavingMicros).toBe(365_000_000n);
  });
  it('returns nothing for a busy production instance', () => {
    expect(gpuWaste([gpu({})], settings, 48)).toEqual([]);
  });
  it('returns the non-working hours of a non-production costly instance', () => {
    // 2026-03-02 is a Monday: 2 weekdays × (24 − 9) = 30 of 48 hours outside 9-18; $30 of $48 at $1/h → 30 × 730/48.
    const [rec] = gpuWaste([gpu({ environment: 'staging', costMicros: 48_000_000n * 22n })], settings, 48);
    expect(rec?.kind).toBe('gpu-non-production');
    expect(rec?.evidence.hours_outside_working_hours).toBe(30);
    expect(rec?.monthlySavingMicros).toBe((30n * 22_000_000n * 730n) / 48n);
  });
});

describe('gpuOffPeak', () => {
  const quietNights = gpu({ resourceId: 'i-fleet', hours: hours(48, (h) => (h >= 9 && h < 18 ? 80 : 10)) });
  const batch = gpu({ resourceId: 'i-batch', priority: 'batch', hours: hours(48, () => 50) });

  it('returns the peak-hours cost of a batch job when the nights are idle', () => {
    const [rec] = gpuOffPeak([batch, quietNights], settings, 48);
    // 18 of 48 hours in Mon-Fri 9-18: $18 of $48, × 730/48.
    expect(rec?.evidence.peak_hours).toBe(18);
    expect(rec?.monthlySavingMicros).toBe(273_750_000n);
  });
  it('does not tell a job to move to nights the fleet is busy in', () => {
    const busyNights = gpu({ resourceId: 'i-fleet', hours: hours(48, () => 90) });
    expect(gpuOffPeak([batch, busyNights], settings, 48)).toEqual([]);
  });
  it('does not move a batch job that already runs only at night', () => {
    const night = gpu({
      resourceId: 'i-batch',
      priority: 'batch',
      hours: hours(48, (h) => (h < 6 ? 90 : 0)).filter((x) => x.hour < 6),
    });
    expect(
      gpuOffPeak(
        [{ ...night, hours: night.hours.concat(hours(0, () => 0)) }, quietNights],
        { ...settings, minHours: 1 },
        48,
      ),
    ).toEqual([]);
  });
});

describe('commitments', () => {
  it('returns base × 730 h × (21.957642 − 13.921) = $5,866.74866 for one steady p4d', () => {
    const r = gpu({});
    const keys = r.hours.map((h) => `${h.day} ${h.hour}`);
    const [rec] = commitments([r], prices, keys, new Set());
    expect(rec?.evidence.steady_base_instances).toBe(1);
    expect(rec?.monthlySavingMicros).toBe(5_866_748_660n);
  });
  it('returns nothing when no instance runs every hour', () => {
    const r = gpu({ hours: hours(24, () => 80) });
    const keys = hours(48, () => 0).map((h) => `${h.day} ${h.hour}`);
    expect(commitments([r], prices, keys, new Set())).toEqual([]);
  });
});

describe('costPerOutcomeTrend', () => {
  const day = (d: number, cost: bigint, outcomes: number) => ({
    day: `2026-03-0${d}`,
    team: 'support',
    feature: 'ticket-summary',
    metric: 'tickets_resolved',
    costMicros: cost,
    outcomes,
  });
  it('returns the cost above the first half cost per outcome', () => {
    // First half $20 for 200 outcomes ($0.10 each); second half $30 for 200: $10 too much over 2 days → $150 a month.
    const rows = [
      day(1, 10_000_000n, 100),
      day(2, 10_000_000n, 100),
      day(3, 15_000_000n, 100),
      day(4, 15_000_000n, 100),
    ];
    const [rec] = costPerOutcomeTrend(rows, 10);
    expect(rec?.monthlySavingMicros).toBe(150_000_000n);
    // $0.10 → $0.15 per outcome.
    expect(rec?.action).toContain('cost per tickets_resolved rose 50% (cost +50%, tickets_resolved +0%)');
  });
  it('returns nothing when outcomes grow with the cost', () => {
    const rows = [
      day(1, 10_000_000n, 100),
      day(2, 10_000_000n, 100),
      day(3, 15_000_000n, 150),
      day(4, 15_000_000n, 150),
    ];
    expect(costPerOutcomeTrend(rows, 10)).toEqual([]);
  });
});

describe('recommend SQL', () => {
  const trino = new TrinoSQL();
  it.each(Object.entries(recommendSql))('is valid Trino: %s', (_name, q) => {
    const values = 'from' in q.params ? { from: '2026-03-01', to: '2026-03-31' } : { to: '2026-03-31' };
    const sql = renderSql(q.sql, q.params, values as never);
    expect(trino.validate(sql)).toEqual([]);
    expect(sql).toContain('dt ');
  });
});
