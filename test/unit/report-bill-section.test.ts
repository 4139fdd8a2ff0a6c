import { describe, expect, it } from 'vitest';
import type { QueryResult, SqlValue } from '../../shared/ports/query-engine';
import { summarizeBill } from '../../shared/report/bill-summary';
import { billSection } from '../../shared/report/section-bill';

const ENDPOINT = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/chat-prod';

/** An estimate-vs-bill row as Athena returns it (every value text), the unset columns NULL. */
function row(values: Record<string, SqlValue>): Record<string, SqlValue> {
  return {
    usage_date: '2026-03-02',
    tokens: '0',
    estimated_cost: null,
    billed_cost: null,
    gap: null,
    gap_pct: null,
    bill_arrived: 'true',
    bill_estimated: 'false',
    unpriced: 'false',
    billed_as: 'tokens',
    flagged: 'false',
    ...values,
  };
}

const result = (rows: Record<string, SqlValue>[]): QueryResult => ({
  columns: Object.keys(rows[0] ?? {}).map((name) => ({ name, type: 'varchar' })),
  rows,
  bytesScanned: 0,
  engine: 'athena',
});

const lite = row({
  model: 'amazon.nova-lite-v1:0',
  token_type: 'input',
  tokens: '1000000',
  estimated_cost: '0.0600000000',
  billed_cost: '0.0600000000',
  gap: '0.0000000000',
  gap_pct: '0.0',
});
const mystery = row({
  model: 'acme.mystery-v1',
  token_type: 'input',
  tokens: '10',
  unpriced: 'true',
  flagged: 'true',
});
const endpointRows = [
  row({
    model: ENDPOINT,
    token_type: 'input',
    tokens: '1200',
    billed_as: 'sagemaker-hosting',
    flagged: 'true',
  }),
  row({
    model: ENDPOINT,
    token_type: 'output',
    tokens: '300',
    billed_as: 'sagemaker-hosting',
    flagged: 'true',
  }),
];

/** The table row of the page that names `model` and `tokenType`. */
const rowOf = (html: string, model: string, tokenType: string): string =>
  html.split('<tr>').find((tr) => tr.includes(`>${model}<`) && tr.includes(`>${tokenType}<`)) ?? '';

describe('the estimate-vs-bill section', () => {
  it('returns calls to a SageMaker endpoint as billed as SageMaker hosting, with their tokens, not as gaps', async () => {
    const bill = summarizeBill(result([lite, mystery, ...endpointRows]));
    expect(bill.hostedEndpoints).toEqual([{ endpoint: 'chat-prod', tokens: 1_500 }]);
    // The query flags them (no Bedrock bill line); the page names them once instead of listing gaps.
    expect(bill.gaps.map((g) => [g.model, g.tokenType])).toEqual([['acme.mystery-v1', 'input']]);
    // The day's estimate is the priced tokens' only: the endpoint adds no $0 and no price.
    expect(bill.days).toEqual([{ day: '2026-03-02', estimatedCents: 6n, billedCents: 6n, flagged: 1 }]);

    const html = await billSection(bill);
    expect(html).toContain('chat-prod (1,500 tokens)');
    expect(html).toMatch(/are billed as SageMaker hosting, not per token/);
    expect(html).toContain('they are not unpriced models');
    expect(rowOf(html, ENDPOINT, 'output')).toBe('');
    const unpricedRow = rowOf(html, 'acme.mystery-v1', 'input');
    expect(unpricedRow).not.toContain('SageMaker');
    expect(unpricedRow).toContain('—');
  });

  it('returns the ten endpoints with the most tokens by name and counts the rest', async () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      row({
        model: `arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep-${i}`,
        token_type: 'input',
        tokens: String((i + 1) * 100),
        billed_as: 'sagemaker-hosting',
        flagged: 'true',
      }),
    );
    const bill = summarizeBill(result(rows));
    expect(bill.hostedEndpoints.map((e) => e.endpoint).slice(0, 2)).toEqual(['ep-11', 'ep-10']);
    const html = await billSection(bill);
    expect(html).toContain('ep-2 (300 tokens) and 2 more');
    expect(html).not.toContain('ep-1 (');
  });

  describe('without endpoint calls', () => {
    it('returns no note on SageMaker hosting', async () => {
      const bill = summarizeBill(result([lite, mystery]));
      expect(bill.hostedEndpoints).toEqual([]);
      expect(await billSection(bill)).not.toContain('SageMaker');
    });
  });
});
