import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { guardrailsSchema } from '../../shared/config/guardrails-schema';
import { runGuardrails } from '../../shared/guardrails/run-guardrails';
import type { OutboundMessage } from '../../shared/ports/notifier';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { main } from '../../src/cli/main';
import { type CostLine, type Invocation, writeLake } from '../support/finops-lake';

const LITE = 'amazon.nova-lite-v1:0';
const FEATURES = 80;
/** November 1st to 10th, each billed $8.00 and used alike by 80 features: $0.10 each, 800 rows. */
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const AT = '2026-11-11T06:00:00Z';
const invocations: Invocation[] = DAYS.flatMap((day) =>
  Array.from({ length: FEATURES }, (_, f) => ({
    day,
    model: LITE,
    team: 'search',
    feature: `f${String(f).padStart(2, '0')}`,
    environment: 'dev',
    identityArn: 'arn:aws:sts::111122223333:assumed-role/dev-search/ci',
    input: 10_000,
    output: 1_000,
  })),
);
const costs: CostLine[] = DAYS.map((day) => ({
  day,
  service: 'Amazon Bedrock',
  usageType: 'USE1-NovaLite-input-tokens',
  cost: '8.00',
}));
const guardrails = { budgets: [{ name: 'search-dev', team: 'search', environment: 'dev', monthly: 100 }] };

let lake: string;
let configFile: string;
beforeAll(() => {
  lake = writeLake({ invocations, costs });
  configFile = join(lake, 'genai-finops.config.json');
  writeFileSync(configFile, JSON.stringify({ guardrails }));
});
afterAll(() => rmSync(lake, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function budgetStatus(args: string[]): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const base = ['node', 'genai-finops', 'budget', 'status', '--config', configFile, '--store', lake];
  const status = await main([...base, '--at', AT, ...args]);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { out, err, status };
}

describe('genai-finops budget status over 800 spend rows of $0.10', () => {
  it('prints $80.00 as 80% of $100 and exits 3 with --fail-over 80 (floats sum to 79.99999999999987)', async () => {
    const floatSum = DAYS.reduce(
      (s) => s + Array.from({ length: FEATURES }).reduce<number>((d) => d + 0.1, 0),
      0,
    );
    expect(floatSum).toBeLessThan(80);

    const json = await budgetStatus(['--format', 'json']);
    const [status] = (JSON.parse(json.out) as { budgets: Record<string, unknown>[] }).budgets;
    // Forecast, with under four weeks of history: the last 7 days' $8.00 a day for the rest of
    // today (3/4 of a day) and November 12th to 30th: $80 + $6 + 19 × $8 = $238.
    expect(status).toMatchObject({
      budget: 'search-dev',
      amount: 100,
      spent: 80,
      sharePct: 80,
      forecast: 238,
      forecastPct: 238,
      daysLeft: 19.75,
      // No prices table in this store: the bill is split by tokens alone, marked estimate.
      estimated: true,
      unpricedCalls: 0,
    });

    const gated = await budgetStatus(['--fail-over', '80']);
    expect(gated.status).toBe(3);
    const row = gated.out.split('\n').find((l) => l.startsWith('search-dev')) ?? '';
    expect(row.split(/ +/)).toEqual([
      'search-dev',
      '2026-11',
      '$80.00',
      '$100.00',
      '80%',
      '$238.00',
      '238%',
      '19.8',
      'estimate',
    ]);
    expect(gated.out).toContain('over 80%: search-dev');
    expect((await budgetStatus(['--fail-over', '80.01'])).status).toBe(0);
  });

  describe('--fail-over that is not a positive number of at most 6 decimals', () => {
    it('returns a usage error naming the flag', async () => {
      for (const text of ['0', 'abc', '80.0000001']) {
        const bad = await budgetStatus(['--fail-over', text]);
        expect(bad.status).toBe(2);
        expect(bad.err).toContain(
          `--fail-over must be a positive percentage (at most 6 decimals), got '${text}'`,
        );
      }
      expect((await budgetStatus(['--fail-over', '8e1'])).status).toBe(3);
    });
  });
});

describe('runGuardrails over the same lake', () => {
  it('alerts 50% and 80% once, with exact dollars in the text and decimal text in the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrails-state-'));
    const engine = await DuckDbEngine.open(lake);
    try {
      const sent: OutboundMessage[] = [];
      const deps = {
        store: new FolderStore(dir),
        engine,
        priceBook: shippedPriceBook(),
        notifier: {
          publish: async (m: OutboundMessage) => {
            sent.push(m);
            return {};
          },
        },
      };
      const options = { config: guardrailsSchema.parse(guardrails), unattributed: 'unattributed' };
      const first = await runGuardrails(deps, { ...options, at: new Date(AT) });
      expect(first.crossings.map((c) => [c.newlyCrossed, c.threshold, c.forecastOver])).toEqual([
        [[50, 80], 80, true],
      ]);
      const budget = sent.filter((m) => (m.json as { kind: string }).kind === 'budget');
      expect(budget).toHaveLength(1);
      expect(budget[0]?.subject).toBe('genai-finops budget search-dev reached 80% ($80.00 of $100.00)');
      expect(budget[0]?.text).toContain('Spent $80.00 of $100.00 (80%), partly estimated');
      expect(budget[0]?.text).toContain(
        'Forecast for the period (estimate): $238.00 (238%); 19.8 days left.',
      );
      expect(budget[0]?.json).toMatchObject({
        spent: '80.000000',
        amount: '100.000000',
        forecast: '238.000000',
        crossed: [50, 80],
      });

      const again = await runGuardrails(deps, { ...options, at: new Date('2026-11-11T06:15:00Z') });
      expect(again.crossings).toEqual([]);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
