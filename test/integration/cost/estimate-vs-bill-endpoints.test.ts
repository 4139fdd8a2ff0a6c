import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { renderQuery } from '../../../shared/sql/queries';
import { writeLake } from '../../support/finops-lake';

const LITE = 'amazon.nova-lite-v1:0';
const ENDPOINT = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/chat-prod';
const GOV_ENDPOINT = 'arn:aws-us-gov:sagemaker:us-gov-west-1:111122223333:endpoint/Summarize';
// A SageMaker ARN that is not an endpoint: nothing says how it bills, so it stays unpriced.
const COMPONENT = 'arn:aws:sagemaker:us-east-1:111122223333:inference-component/ic-1';
const base = { team: 'a', feature: 'chat', environment: 'prod' };
const M = 1_000_000;

let engine: DuckDbEngine;
beforeAll(async () => {
  const dir = writeLake({
    prices: shippedPriceBook(),
    invocations: [
      { day: '2026-03-02', model: LITE, ...base, input: M },
      { day: '2026-03-02', model: ENDPOINT, ...base, input: 1_200, output: 300 },
      { day: '2026-03-02', model: GOV_ENDPOINT, ...base, input: 50 },
      { day: '2026-03-02', model: COMPONENT, ...base, input: 70 },
      { day: '2026-03-02', model: 'acme.mystery-v1', ...base, input: 10 },
    ],
    costs: [
      { day: '2026-03-02', service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-input-tokens', cost: '0.06' },
      {
        day: '2026-03-02',
        service: 'Amazon SageMaker',
        usageType: 'USE1-Host:ml.g5.12xlarge',
        cost: '136.128',
        quantity: '24',
        unit: 'Hrs',
      },
    ],
  });
  engine = await DuckDbEngine.open(dir);
});
afterAll(async () => {
  await engine?.close();
});

describe('estimate-vs-bill on calls to SageMaker endpoints', () => {
  it('returns endpoint calls as billed as SageMaker hosting: not unpriced, no estimate rather than $0', async () => {
    const sql = renderQuery('estimateVsBill', { from: '2026-03-02', to: '2026-03-02', unattributed: 'u' });
    const rows = (await engine.query(sql)).rows.map((r) => [
      r.model,
      r.token_type,
      r.tokens,
      r.estimated_cost,
      r.billed_cost,
      r.unpriced,
      r.billed_as,
      r.flagged,
    ]);
    expect(rows).toEqual([
      ['acme.mystery-v1', 'input', 10, null, null, true, 'tokens', true],
      [LITE, 'input', M, '0.0600000000', '0.0600000000', false, 'tokens', false],
      // Flagged as the query flags every line with one side missing; billed_as says why.
      [GOV_ENDPOINT, 'input', 50, null, null, false, 'sagemaker-hosting', true],
      [ENDPOINT, 'input', 1_200, null, null, false, 'sagemaker-hosting', true],
      [ENDPOINT, 'output', 300, null, null, false, 'sagemaker-hosting', true],
      [COMPONENT, 'input', 70, null, null, true, 'tokens', true],
    ]);
  });
});
