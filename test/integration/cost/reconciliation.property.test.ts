import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../shared/adapters/local/duckdb-engine';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';
import { renderQuery } from '../../../shared/sql/queries';
import { type CostLine, type Invocation, writeLake } from '../../support/finops-lake';

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];
const MODELS: [string, string][] = [
  ['amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0'],
  ['amazon.nova-micro-v1:0', 'amazon.nova-micro-v1:0'],
  ['anthropic.claude-haiku-4-5-20251001-v1:0', 'global.anthropic.claude-haiku-4-5-20251001-v1:0'],
  ['anthropic.claude-haiku-4-5-20251001-v1:0', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
  ['acme.unpriced-v1', 'acme.unpriced-v1'],
];
const LINES: [string, string][] = [
  ['Amazon Bedrock', 'USE1-NovaLite-input-tokens'],
  ['Amazon Bedrock', 'USE1-NovaMicro-output-tokens'],
  ['Amazon Bedrock', 'USE1-NovaPro-input-tokens'],
  ['Amazon Bedrock', 'USE1-Brandnew7-output-tokens'],
  ['Claude Haiku 4.5 (Amazon Bedrock Edition)', 'USE1-MP:USE1_OutputTokenCount_Global-Units'],
  ['Amazon Elastic Compute Cloud - Compute', 'BoxUsage:g5.xlarge'],
];

/** An amount with up to 10 decimals, as Cost Explorer gives them (exact text). */
const amount = fc
  .tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 9_999_999_999 }))
  .map(([whole, frac]) => `${whole}.${String(frac).padStart(10, '0')}`);

const invocation = fc.record({
  day: fc.constantFrom(...DAYS),
  m: fc.integer({ min: 0, max: MODELS.length - 1 }),
  team: fc.constantFrom('a', 'b', 'c', 'unattributed'),
  feature: fc.constantFrom('chat', 'search'),
  input: fc.integer({ min: 0, max: 5_000_000 }),
  output: fc.integer({ min: 0, max: 2_000_000 }),
  cacheRead: fc.integer({ min: 0, max: 1_000_000 }),
});
const costLine = fc.record({
  day: fc.constantFrom(...DAYS),
  l: fc.integer({ min: 0, max: LINES.length - 1 }),
  cost: amount,
});

/** `text` (a decimal) in units of 1e-10 dollars, exactly. */
const tenths = (text: string): bigint => {
  const [w, f = ''] = text.split('.');
  return BigInt(w as string) * 10_000_000_000n + BigInt(f.padEnd(10, '0'));
};
/** Dollars in 1e-10 units → cents, rounded half up. */
const cents = (v: bigint): bigint => (v + 50_000_000n) / 100_000_000n;
const centsOf = (text: string): bigint => BigInt(text.replace('.', ''));

let dir: string;
let engine: DuckDbEngine;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reconcile-'));
  engine = await DuckDbEngine.open(dir);
});
afterAll(async () => {
  await engine?.close();
});

describe('allocation reconciliation (property)', () => {
  it('adds up to each billed day to the cent, whatever the usage and the bill', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(invocation, { minLength: 0, maxLength: 25 }),
        fc.array(costLine, { minLength: 1, maxLength: 10 }),
        async (calls, lines) => {
          for (const t of ['bedrock_invocations', 'cost_daily', 'prices'])
            rmSync(join(dir, t), { recursive: true, force: true });
          const invocations: Invocation[] = calls.map((c) => {
            const [model, modelId] = MODELS[c.m] as [string, string];
            return {
              day: c.day,
              model,
              modelId,
              team: c.team,
              feature: c.feature,
              environment: 'prod',
              input: c.input,
              output: c.output,
              cacheRead: c.cacheRead,
            };
          });
          const costs: CostLine[] = lines.map((l) => {
            const [service, usageType] = LINES[l.l] as [string, string];
            return { day: l.day, service, usageType, cost: l.cost };
          });
          writeLake({ dir, invocations, costs, prices: shippedPriceBook() });
          const sql = renderQuery('allocation', {
            from: DAYS[0] as string,
            to: DAYS[2] as string,
            unattributed: 'unattributed',
          });
          const rows = (await engine.query(sql)).rows;
          for (const day of DAYS) {
            const billed = costs.filter((c) => c.day === day && !c.service.startsWith('Amazon Elastic'));
            if (billed.length === 0) continue;
            const expected = cents(billed.reduce((s, c) => s + tenths(c.cost), 0n));
            const dayRows = rows.filter((r) => r.usage_date === day);
            const got = dayRows.reduce((s, r) => s + centsOf(r.allocated_cost as string), 0n);
            expect(got).toBe(expected);
            for (const r of dayRows) {
              expect(r.estimated).toBe(false);
              expect(centsOf(r.allocated_cost as string) >= 0n).toBe(true);
            }
          }
        },
      ),
      { numRuns: 40, seed: 20260302 },
    );
  }, 120_000);
});
