import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { renderQuery } from '../../../shared/sql/queries';
import { writeLake } from '../../support/finops-lake';

const LITE = 'amazon.nova-lite-v1:0';
const M = 1_000_000;
const ROLE = 'arn:aws:sts::111122223333:assumed-role/BatchJobs';
let engine: DuckDbEngine;

beforeAll(async () => {
  const dir = writeLake({
    prices: shippedPriceBook(),
    invocations: [
      // Week of 03-02: feature "summaries" on Nova Lite, 2 calls for $0.30 billed.
      { day: '2026-03-02', model: LITE, team: 'docs', feature: 'summaries', environment: 'prod', output: M },
      {
        day: '2026-03-02',
        model: LITE,
        team: 'docs',
        feature: 'summaries',
        environment: 'prod',
        output: 250_000,
      },
      // Untagged: 2 sessions of one role and a caller without identity.
      { day: '2026-03-02', model: LITE, team: 'unattributed', identityArn: `${ROLE}/s-1`, input: M },
      { day: '2026-03-02', model: LITE, team: 'unattributed', identityArn: `${ROLE}/s-2`, input: M },
      { day: '2026-03-02', model: LITE, team: 'unattributed', identityArn: null, input: 2 * M },
      // Week of 03-09: the feature on Nova Micro, 2 calls, no bill (estimate 2 × 0.14 = $0.28).
      {
        day: '2026-03-09',
        model: 'amazon.nova-micro-v1:0',
        team: 'docs',
        feature: 'summaries',
        environment: 'prod',
        output: M,
      },
      {
        day: '2026-03-09',
        model: 'amazon.nova-micro-v1:0',
        team: 'docs',
        feature: 'summaries',
        environment: 'prod',
        output: M,
      },
    ],
    costs: [
      // 0.30 + 0.06 + 0.06 + 0.12 = 0.54 at list prices: billed exactly that.
      { day: '2026-03-02', service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-output-tokens', cost: '0.3' },
      { day: '2026-03-02', service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-input-tokens', cost: '0.24' },
      {
        day: '2026-03-02',
        service: 'Amazon Elastic Compute Cloud - Compute',
        usageType: 'BoxUsage:p4d.24xlarge',
        cost: '43.915284',
        quantity: '2',
        unit: 'Hrs',
      },
    ],
    gpu: [
      {
        hour: '2026-03-02T10:00:00Z',
        resourceId: 'i-train',
        instanceType: 'p4d.24xlarge',
        util: 20,
        max: 60,
        environment: 'dev',
        priority: 'batch',
      },
      {
        hour: '2026-03-02T22:00:00Z',
        resourceId: 'i-train',
        instanceType: 'p4d.24xlarge',
        util: 60,
        max: 90,
        environment: 'dev',
        priority: 'batch',
      },
      {
        hour: '2026-03-02T03:00:00Z',
        resourceId: 'i-infer',
        instanceType: 'g5.xlarge',
        util: 90,
        environment: 'prod',
        priority: 'online',
      },
      {
        hour: '2026-03-02T03:00:00Z',
        resourceId: 'ep/AllTraffic',
        instanceType: 'ml.g5.xlarge',
        util: 10,
        source: 'sagemaker',
      },
    ],
  });
  engine = await DuckDbEngine.open(dir);
});
afterAll(async () => {
  await engine?.close();
});

const window = { from: '2026-03-01', to: '2026-03-31' };

describe('gpu-efficiency', () => {
  it('prices hours from the bill, else the price book, and reports idle cost and flags', async () => {
    const result = await engine.query(renderQuery('gpuEfficiency', window));
    expect(result.columns.slice(0, 10).map((c) => c.name)).toEqual([
      'usage_date',
      'resource_id',
      'instance_type',
      'team',
      'environment',
      'priority',
      'cost',
      'gpu_util_avg',
      'gpu_util_max',
      'idle_cost',
    ]);
    const rows = result.rows.map((r) => [
      r.resource_id,
      r.cost,
      r.gpu_util_avg,
      r.gpu_util_max,
      r.idle_cost,
      r.rate_source,
      r.non_production_costly,
      r.batch_in_peak_hours,
    ]);
    expect(rows).toEqual([
      // SageMaker ml.* has no rate in the bill or the book: unpriced, not $0.
      ['ep/AllTraffic', null, 10, 10, null, null, false, false],
      // 1 h × $1.006 (book), 90% busy: idle $0.1006.
      ['i-infer', '1.006000', 90, 90, '0.100600', 'price_book', false, false],
      // 2 h × $21.957642 (billed 43.915284 for 2 Hrs), 40% busy: idle 60%.
      ['i-train', '43.915284', 40, 90, '26.349170', 'bill', true, true],
    ]);
  });
});

describe('tag-coverage', () => {
  it('reports the untagged share of the day and the callers behind it, sessions collapsed to the role', async () => {
    const rows = (await engine.query(renderQuery('tagCoverage', { ...window, unattributed: 'unattributed' })))
      .rows;
    const day = rows.filter((r) => r.usage_date === '2026-03-02');
    // Untagged: 4M input tokens of $0.54 → 0.24 of 0.54 = 44.44%.
    expect(
      day.map((r) => [
        r.total_cost,
        r.unattributed_cost,
        r.unattributed_pct,
        r.caller,
        r.caller_invocations,
        r.caller_cost,
      ]),
    ).toEqual([
      ['0.54', '0.24', 44.44, '(no identity logged)', 1, '0.12'],
      ['0.54', '0.24', 44.44, `${ROLE}/*`, 2, '0.12'],
    ]);
  });
});

describe('trends', () => {
  it('shows the change of a feature’s unit cost week over week after a model switch', async () => {
    const rows = (await engine.query(renderQuery('trends', { ...window, unattributed: 'unattributed' })))
      .rows;
    const weeks = rows.filter((r) => r.period === 'week' && r.team === 'docs');
    // 0.30 / 2 = 0.15 per call, then 0.28 / 2 = 0.14: −6.67%.
    expect(
      weeks.map((r) => [
        r.period_start,
        r.allocated_cost,
        r.cost_per_inference,
        r.cost_per_inference_change_pct,
        r.estimated,
      ]),
    ).toEqual([
      ['2026-03-02', '0.30', '0.15000000', null, false],
      ['2026-03-09', '0.28', '0.14000000', -6.67, true],
    ]);
  });
});
