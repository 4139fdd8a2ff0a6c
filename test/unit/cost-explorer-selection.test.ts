import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  GetDimensionValuesCommand,
  type GetDimensionValuesCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CostExplorerSource } from '../../shared/adapters/aws/cost-explorer-source';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseConfig } from '../../shared/config';
import { SELECTION_REFRESH_DAYS } from '../../shared/cost/cached-selection';
import { ingestCostExplorer } from '../../shared/cost/ingest';
import { lookbackRange } from '../../shared/cost/window';
import { costExplorerRequestsPerMonth, MEASURED } from '../../shared/estimate';
import { decodeParquet } from '../../shared/lake/parquet';
import { addDays } from '../../shared/lake/utc';
import { fixedClock } from '../../shared/ports';

const ce = mockClient(CostExplorerClient);
const MARKETPLACE = 'Claude Haiku 4.5 (Amazon Bedrock Edition)';
/** The Marketplace model is first billed on this day, mid-week between two discoveries. */
const FIRST_BILLED = '2026-03-12';

const amount = (a: string, unit = 'USD') => ({ Amount: a, Unit: unit });

/** Cost Explorer as it answers: values found in the period, one result per day, groups per grouping. */
function mockCostExplorer(): void {
  ce.on(GetDimensionValuesCommand).callsFake((input: GetDimensionValuesCommandInput) => {
    const values =
      input.Dimension === 'SERVICE'
        ? (input.TimePeriod?.End ?? '') > FIRST_BILLED
          ? [MARKETPLACE]
          : []
        : ['BoxUsage:g5.xlarge', 'BoxUsage:m5.large'];
    return {
      DimensionValues: values.map((Value) => ({ Value, Attributes: {} })),
      ReturnSize: values.length,
      TotalSize: values.length,
    };
  });
  ce.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => {
    const selected = JSON.stringify(input.Filter);
    const days: string[] = [];
    for (let d = input.TimePeriod?.Start ?? ''; d < (input.TimePeriod?.End ?? ''); d = addDays(d, 1))
      days.push(d);
    const byService = input.GroupBy?.[0]?.Key === 'SERVICE';
    return {
      GroupDefinitions: input.GroupBy,
      DimensionValueAttributes: [],
      ResultsByTime: days.map((day) => ({
        TimePeriod: { Start: day, End: addDays(day, 1) },
        Total: {},
        Estimated: false,
        Groups: !byService
          ? []
          : [
              { keys: ['Amazon Bedrock', 'USE1-NovaLite-input-tokens'], cost: '1.5' },
              ...(day >= FIRST_BILLED && selected.includes(MARKETPLACE)
                ? [{ keys: [MARKETPLACE, 'USE1-MP:USE1_InputTokenCount-Units'], cost: '2.25' }]
                : []),
            ].map((g) => ({
              Keys: g.keys,
              Metrics: {
                UnblendedCost: amount(g.cost),
                AmortizedCost: amount(g.cost),
                UsageQuantity: amount('100', 'Units'),
              },
            })),
      })),
    };
  });
}

const config = parseConfig({});
const calls = () => ({
  getCostAndUsage: ce.commandCalls(GetCostAndUsageCommand).length,
  getDimensionValues: ce.commandCalls(GetDimensionValuesCommand).length,
});

async function dailyRun(store: FolderStore, day: string) {
  const clock = fixedClock(`${day}T07:00:00Z`);
  return ingestCostExplorer(
    { store, config, clock, random: () => 0.5, source: new CostExplorerSource(new CostExplorerClient({})) },
    lookbackRange(clock.now(), config.costExplorer),
  );
}

async function servicesOn(store: FolderStore, day: string): Promise<string[]> {
  const rows = await decodeParquet(await store.getBytes(`cost_daily/dt=${day}/part-00000.parquet`));
  return [...new Set(rows.map((r) => r.service as string))].sort();
}

describe('Cost Explorer discovery kept in the store', () => {
  beforeEach(() => {
    ce.reset();
    mockCostExplorer();
  });

  it('discovers once a week, and re-pulls the days since the last discovery when a service appears', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'ce-selection-')));
    await dailyRun(store, '2026-03-08');
    expect(calls().getDimensionValues).toBe(2);
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14'])
      await dailyRun(store, day);
    expect(calls().getDimensionValues).toBe(2);
    // Billed since the 12th, not yet seen: the kept selection lacks it.
    expect(await servicesOn(store, FIRST_BILLED)).toEqual(['Amazon Bedrock']);
    const refresh = await dailyRun(store, addDays('2026-03-08', SELECTION_REFRESH_DAYS));
    expect(calls().getDimensionValues).toBe(4);
    expect(refresh.window).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(await servicesOn(store, FIRST_BILLED)).toEqual(['Amazon Bedrock', MARKETPLACE].sort());
  });

  it('makes at most the requests the estimate counts over a month of daily runs, month start included', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'ce-month-')));
    let day = '2026-03-08';
    for (let i = 0; i < 30; i++, day = addDays(day, 1)) await dailyRun(store, day);
    const made = calls();
    // And the store requests the estimate prices for them.
    const { listRequests, putRequests, getRequests } = store.stats;
    expect(listRequests + putRequests).toBeLessThanOrEqual(MEASURED.costStoreTier1PerMonth);
    expect(getRequests).toBeLessThanOrEqual(MEASURED.costStoreTier2PerMonth);
    // Five GetCostAndUsage a run (no page beyond the first here), discovery on 5 of the 30 days.
    expect(made.getCostAndUsage).toBe(30 * 5);
    expect(made.getDimensionValues).toBe(5 * 2);
    expect(made.getCostAndUsage + made.getDimensionValues).toBeLessThanOrEqual(
      costExplorerRequestsPerMonth(config.costExplorer),
    );
    // Every day discovered would have been 7 a run.
    expect(made.getCostAndUsage + made.getDimensionValues).toBeLessThan(30 * 7);
  });
});
