import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseConfig } from '../../shared/config';
import { ingestCostFiles, type SavedFile } from '../../shared/cost';
import { decodeParquet } from '../../shared/lake/parquet';
import { fixedClock } from '../../shared/ports';

const fixture = (name: string): SavedFile => ({
  name,
  text: readFileSync(join('test/fixtures/cost-explorer', name), 'utf8'),
});
const newStore = () => new FolderStore(mkdtempSync(join(tmpdir(), 'cost-files-')));
const deps = (store: FolderStore, config = parseConfig({})) => ({
  store,
  config,
  clock: fixedClock('2026-03-10T07:00:00Z'),
});

async function rowsOf(store: FolderStore, day: string) {
  return decodeParquet(await store.getBytes(`cost_daily/dt=${day}/part-00000.parquet`));
}

async function listAll(store: FolderStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const o of store.list('cost_daily/'))
    out[o.key] = Buffer.from(await store.getBytes(o.key)).toString('base64');
  return out;
}

describe('ingestCostFiles', () => {
  it('joins SERVICE x USAGE_TYPE pages with a USAGE_TYPE x TAG team response, untagged as unattributed', async () => {
    const store = newStore();
    const summary = await ingestCostFiles(deps(store), [fixture('base-pages.json'), fixture('team.json')]);
    expect(summary.partitions).toEqual(['2026-03-01', '2026-03-02']);
    const day1 = await rowsOf(store, '2026-03-01');
    const nova = day1.filter((r) => r.usage_type === 'USE1-NovaLite-input-tokens');
    expect(nova.map((r) => [r.team, r.unblended_cost])).toEqual([
      ['support', '0.100000000000'],
      ['unattributed', '0.031000000000'],
    ]);
    // Tag values may contain `$`: only the first one separates the key.
    expect(day1.find((r) => r.service === 'Claude Sonnet 4.6 (Amazon Bedrock Edition)')?.team).toBe(
      'search$ai',
    );
    const day2 = await rowsOf(store, '2026-03-02');
    expect(day2.every((r) => r.estimated === true)).toBe(true);
    expect(day2.find((r) => r.usage_type === 'BoxUsage:g5.xlarge')).toMatchObject({
      region: 'us-east-1',
      amortized_cost: '18.020000000000',
      usage_unit: 'Hrs',
      team: 'unattributed',
    });
  });

  it('keeps the base amounts exactly whatever the splits: each usage type adds up to its base group', async () => {
    const store = newStore();
    await ingestCostFiles(deps(store), [fixture('base-pages.json'), fixture('team.json')]);
    const nova = (await rowsOf(store, '2026-03-01')).filter(
      (r) => r.usage_type === 'USE1-NovaLite-input-tokens',
    );
    const quantity = nova.reduce((s, r) => s + BigInt(String(r.usage_quantity).replace('.', '')), 0n);
    expect(quantity).toBe(2183333333333300n); // 2183.3333333333 at scale 12
  });

  it('reads a response with only some metrics and one group key: the others are null or unattributed', async () => {
    const store = newStore();
    await ingestCostFiles(deps(store), [fixture('monthly.json')]);
    const [row] = await rowsOf(store, '2026-02-01');
    expect(row).toMatchObject({
      service: 'Amazon Bedrock',
      usage_type: null,
      linked_account: null,
      team: 'unattributed',
      unblended_cost: '412.580000000000',
      amortized_cost: null,
      usage_quantity: null,
      granularity: 'MONTHLY',
      period_start: Date.parse('2026-02-01'),
      period_end: Date.parse('2026-03-01'),
    });
  });

  it('never lets a monthly file replace the daily rows of the same day, nor the reverse', async () => {
    const store = newStore();
    const feb1 = JSON.stringify({
      GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-02-01', End: '2026-02-02' },
          Groups: [{ Keys: ['Amazon Bedrock'], Metrics: { UnblendedCost: { Amount: '10.5', Unit: 'USD' } } }],
          Estimated: false,
        },
      ],
    });
    await ingestCostFiles(deps(store), [{ name: 'daily.json', text: feb1 }]);
    await ingestCostFiles(deps(store), [fixture('monthly.json')]);
    const rows = await rowsOf(store, '2026-02-01');
    expect(rows.map((r) => [r.granularity, r.unblended_cost])).toEqual([
      ['DAILY', '10.500000000000'],
      ['MONTHLY', '412.580000000000'],
    ]);
  });

  it('reads the console CSV: Service total skipped, short names mapped to API service names', async () => {
    const store = newStore();
    const summary = await ingestCostFiles(deps(store), [fixture('console.csv')]);
    expect(summary.unblendedTotal).toBe('71.30');
    const rows = await rowsOf(store, '2026-03-02');
    expect(rows.map((r) => [r.service, r.unblended_cost])).toEqual([
      ['Amazon Bedrock', '2.200000000000'],
      ['Amazon Elastic Compute Cloud - Compute', '24.000000000000'],
      ['Claude Sonnet 4.6 (Amazon Bedrock Edition)', '8.000000000000'],
    ]);
  });

  it('is idempotent: a rerun writes byte-identical files', async () => {
    const store = newStore();
    const files = [fixture('base-pages.json'), fixture('team.json')];
    await ingestCostFiles(deps(store), files);
    const first = await listAll(store);
    await ingestCostFiles(deps(store), [...files].reverse());
    expect(await listAll(store)).toEqual(first);
  });

  it('adds a month of amounts that floats get wrong to the exact cent', async () => {
    const store = newStore();
    // 31 days x 3 groups of 0.1, 0.2, 0.7000000001: float addition drifts, decimals do not.
    const results = Array.from({ length: 31 }, (_, d) => {
      const start = `2026-01-${String(d + 1).padStart(2, '0')}`;
      const end = d === 30 ? '2026-02-01' : `2026-01-${String(d + 2).padStart(2, '0')}`;
      return {
        TimePeriod: { Start: start, End: end },
        Total: {},
        Groups: ['0.1', '0.2', '0.7000000001'].map((amount, i) => ({
          Keys: ['Amazon Bedrock', `USE1-Model${i}-input-tokens`],
          Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } },
        })),
        Estimated: false,
      };
    });
    const floatSum = results
      .flatMap((r) => r.Groups)
      .reduce((s, g) => s + Number(g.Metrics.UnblendedCost.Amount), 0);
    expect(floatSum).not.toBe(31.0000000031);
    const text = JSON.stringify({
      GroupDefinitions: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      ResultsByTime: results,
    });
    const summary = await ingestCostFiles(deps(store), [{ name: 'january.json', text }]);
    expect(summary.unblendedTotal).toBe('31.0000000031');
  });

  describe('bad input', () => {
    const base = JSON.parse(readFileSync('test/fixtures/cost-explorer/base-pages.json', 'utf8'))[0];
    const withAmount = (amount: unknown, unit = 'USD') => {
      const page = structuredClone(base);
      page.ResultsByTime[0].Groups[1].Metrics.UnblendedCost = { Amount: amount, Unit: unit };
      return JSON.stringify(page);
    };
    const cases: [string, string, RegExp][] = [
      [
        'a negative amount',
        withAmount('-1.5'),
        /bad\.json: ResultsByTime\[0\]\.Groups\[1\]\.Metrics\.UnblendedCost\.Amount: negative cost/,
      ],
      [
        'a non-numeric amount',
        withAmount('12,45'),
        /Groups\[1\]\.Metrics\.UnblendedCost\.Amount: '12,45' is not a decimal/,
      ],
      ['an amount as a number', withAmount(12.45), /UnblendedCost\.Amount: expected decimal text/],
      [
        'another currency',
        withAmount('1.00', 'EUR'),
        /UnblendedCost\.Unit: currency EUR is not the configured USD/,
      ],
      ['an unknown unit', withAmount('1.00', 'dollars'), /UnblendedCost\.Unit: unknown unit "dollars"/],
      ['not a response', '{"DimensionValues": []}', /bad\.json: ResultsByTime: missing/],
      ['not JSON', '{"ResultsByTime": [', /bad\.json: \(file\): neither JSON/],
    ];
    for (const [what, text, message] of cases) {
      it(`refuses ${what}, naming file and field, and writes nothing`, async () => {
        const store = newStore();
        await expect(
          ingestCostFiles(deps(store), [fixture('team.json'), { name: 'bad.json', text }]),
        ).rejects.toThrow(message);
        expect(await listAll(store)).toEqual({});
      });
    }
  });
});
