import { describe, expect, it } from 'vitest';
import {
  type EndpointTokens,
  endpointOfArn,
  gpuLowOutputValue,
} from '../../../shared/recommend/gpu-low-output-value';
import type { GpuHour, GpuResource } from '../../../shared/recommend/gpu-resource';
import { PriceIndex } from '../../../shared/recommend/price-index';

const LLAMA = 'meta.llama3-3-70b-instruct-v1:0';
const managed = new PriceIndex([
  { item: LLAMA, scope: 'any', charge: 'input', price: '0.72' },
  { item: LLAMA, scope: 'any', charge: 'output', price: '0.72' },
]);
const settings = { saturatedUtilPct: 70, lowOutputPct: 50, managedModel: LLAMA, minHours: 12 };

// 48 hours from Monday 2026-03-02 00:00 UTC, 4 GPUs each.
const hours = (util: number): GpuHour[] =>
  Array.from({ length: 48 }, (_, i) => ({
    day: i < 24 ? '2026-03-02' : '2026-03-03',
    hour: i % 24,
    utilAvg: util,
    gpuCount: 4,
  }));
const endpoint = (name: string, util: number): GpuResource => ({
  resourceId: `${name}/AllTraffic`,
  source: 'sagemaker',
  instanceType: 'ml.g5.12xlarge',
  team: 'support',
  environment: 'prod',
  priority: 'high',
  // 48 h × $5.672.
  costMicros: 272_256_000n,
  hours: hours(util),
});
const tokens = (name: string, inPerHour: number, outPerHour: number): EndpointTokens[] =>
  hours(0).map((h) => ({
    endpoint: name,
    day: h.day,
    hour: h.hour,
    inputTokens: inPerHour,
    outputTokens: outPerHour,
  }));

// summarize: 12,000 tokens an hour on 4 GPUs = 3,000 per GPU-hour; chat: 120,000 an hour = 30,000 per GPU-hour.
const summarize = endpoint('summarize-prod', 90);
const chat = endpoint('chat-prod', 60);
const served = [...tokens('summarize-prod', 8_000, 4_000), ...tokens('chat-prod', 80_000, 40_000)];

describe('gpuLowOutputValue', () => {
  it('returns the managed saving for a saturated endpoint at a tenth of the fleet throughput', () => {
    const recs = gpuLowOutputValue([summarize, chat], served, managed, settings, 48);
    expect(recs.map((r) => r.resource)).toEqual(['summarize-prod/AllTraffic (ml.g5.12xlarge)']);
    const [rec] = recs;
    expect(rec?.evidence.tokens_per_gpu_hour).toBe(3_000);
    expect(rec?.evidence.fleet_tokens_per_gpu_hour).toBe(30_000);
    // 576,000 tokens × $0.72 per 1M = $0.41472 managed; $272.256 − 0.41472 = $271.84128 over 48 h.
    expect(rec?.evidence.managed_cost_of_tokens).toBe('0.414720');
    // $272.256 per 576,000 tokens = $472.666667 per 1M.
    expect(rec?.evidence.cost_per_1m_tokens).toBe('472.666667');
    expect(rec?.evidence.saving_basis).toBe('managed model');
    // × 730 / 48 = $4,134.2528 a month.
    expect(rec?.monthlySavingMicros).toBe(4_134_252_800n);
    expect(rec?.confidence).toBe('medium');
  });

  it('returns the fleet-throughput saving cost × (1 − 3,000/30,000) when no managed price is known', () => {
    const [rec] = gpuLowOutputValue([summarize, chat], served, new PriceIndex([]), settings, 48);
    expect(rec?.evidence.saving_basis).toBe('fleet throughput');
    // $272.256 × 0.9 = $245.0304 over 48 h, × 730 / 48 = $3,726.504.
    expect(rec?.monthlySavingMicros).toBe(3_726_504_000n);
  });

  it('compares a lone served endpoint with the managed break-even, at low confidence', () => {
    const [rec, ...rest] = gpuLowOutputValue(
      [summarize],
      tokens('summarize-prod', 8_000, 4_000),
      managed,
      settings,
      48,
    );
    expect(rest).toEqual([]);
    expect(rec?.evidence.fleet_tokens_per_gpu_hour).toBe('no other served endpoint');
    expect(rec?.monthlySavingMicros).toBe(4_134_252_800n);
    expect(rec?.confidence).toBe('low');
  });

  describe('returns nothing the data does not support', () => {
    it('returns nothing for a saturated endpoint in line with the fleet (24,000 vs 30,000 per GPU-hour)', () => {
      const inLine = [...tokens('summarize-prod', 64_000, 32_000), ...tokens('chat-prod', 80_000, 40_000)];
      expect(gpuLowOutputValue([summarize, chat], inLine, managed, settings, 48)).toEqual([]);
    });
    it('returns nothing for an endpoint below the saturation threshold', () => {
      const calm = endpoint('summarize-prod', 65);
      expect(gpuLowOutputValue([calm, chat], served, managed, settings, 48)).toEqual([]);
    });
    it('returns nothing for an endpoint that serves no Bedrock traffic (its tokens are not seen)', () => {
      expect(
        gpuLowOutputValue([summarize, chat], tokens('chat-prod', 80_000, 40_000), managed, settings, 48),
      ).toEqual([]);
    });
    it('returns nothing for a lone endpoint cheaper per token than the managed model', () => {
      // 10M tokens an hour: 480M tokens × $0.72 per 1M = $345.60 managed, above its $272.256.
      const busy = tokens('summarize-prod', 5_000_000, 5_000_000);
      expect(gpuLowOutputValue([summarize], busy, managed, settings, 48)).toEqual([]);
    });
    it('returns nothing for an endpoint another GPU recommendation covers', () => {
      const covered = new Set(['summarize-prod/AllTraffic']);
      expect(gpuLowOutputValue([summarize, chat], served, managed, settings, 48, covered)).toEqual([]);
    });
  });
});

describe('endpointOfArn', () => {
  it('returns the lower-case endpoint name of a SageMaker endpoint ARN', () => {
    expect(endpointOfArn('arn:aws:sagemaker:us-east-1:111122223333:endpoint/Summarize-Prod')).toBe(
      'summarize-prod',
    );
  });
  it('returns undefined for a Bedrock model id or another SageMaker resource', () => {
    expect(endpointOfArn(LLAMA)).toBeUndefined();
    expect(endpointOfArn('arn:aws:sagemaker:us-east-1:111122223333:model/summarize')).toBeUndefined();
  });
});
