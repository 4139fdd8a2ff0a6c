import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { parseConfig } from '../../../shared/config';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import {
  collectRecommendations,
  type RecommendationSet,
} from '../../../shared/recommend/collect-recommendations';
import { type GpuHour, writeLake } from '../../support/finops-lake';

const DAY = '2026-03-03';
const arn = (name: string) => `arn:aws:sagemaker:us-east-1:111122223333:endpoint/${name}`;
const endpointHours = (name: string, util: number): GpuHour[] =>
  Array.from({ length: 24 }, (_, h) => ({
    hour: `${DAY}T${String(h).padStart(2, '0')}:00:00Z`,
    resourceId: `${name}/AllTraffic`,
    instanceType: 'ml.g5.12xlarge',
    source: 'sagemaker',
    gpuCount: 4,
    util,
    team: 'research',
    environment: 'prod',
    priority: 'high',
  }));

let engine: DuckDbEngine;
let set: RecommendationSet;

beforeAll(async () => {
  const dir = writeLake({
    prices: shippedPriceBook(),
    gpu: [...endpointHours('summarize-prod', 90), ...endpointHours('chat-prod', 60)],
    // Both endpoints bill 24 h at $5.672 (SageMaker hosting): gpu-efficiency reads the rate off the bill.
    costs: [
      {
        day: DAY,
        service: 'Amazon SageMaker',
        usageType: 'USE1-Host:ml.g5.12xlarge',
        cost: '272.256',
        quantity: '48',
        unit: 'Hrs',
      },
    ],
    invocations: [
      // Logged at 12:00 of the day: summarize-prod 48,000 tokens, chat-prod 480,000.
      { day: DAY, model: arn('summarize-prod'), team: 'research', input: 40_000, output: 8_000 },
      { day: DAY, model: arn('chat-prod'), team: 'support', input: 400_000, output: 80_000 },
      // A day outside the window: not counted.
      { day: '2026-03-02', model: arn('summarize-prod'), team: 'research', input: 9_000_000, output: 0 },
    ],
  });
  engine = await DuckDbEngine.open(dir);
  const config = parseConfig({});
  set = await collectRecommendations(engine, {
    from: DAY,
    to: DAY,
    unattributed: config.attribution.unattributed,
    costlyRate: config.pricing.costlyInstanceRate,
    peakStart: config.pricing.peakHoursUtc.start,
    peakEnd: config.pricing.peakHoursUtc.end,
    recommend: config.recommend,
  });
});
afterAll(async () => {
  await engine?.close();
});

describe('gpu-low-output-value over the lake (DuckDB)', () => {
  it('returns the saturated endpoint only, with the tokens its ARN was called with in its hours', () => {
    const recs = set.recommendations.filter((r) => r.kind === 'gpu-low-output-value');
    expect(recs.map((r) => r.resource)).toEqual(['summarize-prod/AllTraffic (ml.g5.12xlarge)']);
    const [rec] = recs;
    expect(rec?.evidence.input_tokens).toBe(40_000);
    expect(rec?.evidence.output_tokens).toBe(8_000);
    // 48,000 tokens on 96 GPU-hours = 500; chat-prod 480,000 on 96 = 5,000.
    expect(rec?.evidence.tokens_per_gpu_hour).toBe(500);
    expect(rec?.evidence.fleet_tokens_per_gpu_hour).toBe(5_000);
    expect(rec?.evidence.window_cost).toBe('136.128000');
  });

  it('returns the managed saving: ($136.128 − 48,000 × $0.72 per 1M) × 730 / 24 = $4,139.5088', () => {
    const rec = set.recommendations.find((r) => r.kind === 'gpu-low-output-value');
    expect(rec?.evidence.managed_cost_of_tokens).toBe('0.034560');
    expect(rec?.monthlySavingMicros).toBe(4_139_508_800n);
  });
});
