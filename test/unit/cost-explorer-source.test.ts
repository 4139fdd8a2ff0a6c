import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  GetDimensionValuesCommand,
  InvalidNextTokenException,
  LimitExceededException,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CostExplorerSource } from '../../shared/adapters/aws/cost-explorer-source';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseConfig } from '../../shared/config';
import { ingestCostExplorer, lookbackRange } from '../../shared/cost';
import { decodeParquet } from '../../shared/lake/parquet';
import { fixedClock } from '../../shared/ports';

const ce = mockClient(CostExplorerClient);
const NOW = '2026-03-10T07:00:00Z';
const DAYS = ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'];
const TEAMS = Array.from({ length: 50 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
const USAGE_TYPES = ['USE1-NovaLite-input-tokens', 'USE1-NovaLite-output-tokens'];

const period = (day: string) => ({
  Start: day,
  End: `2026-03-${String(Number(day.slice(8)) + 1).padStart(2, '0')}`,
});
const money = (amount: string) => ({ Amount: amount, Unit: 'USD' });

/** A response of the given groupings over the run's days (the reference's shapes). */
function respond(input: GetCostAndUsageCommandInput) {
  const keys = (input.GroupBy ?? []).map((g) => `${g.Type}:${g.Key}`);
  return {
    GroupDefinitions: input.GroupBy,
    ResultsByTime: DAYS.map((day) => ({
      TimePeriod: period(day),
      Total: {},
      Estimated: day >= '2026-03-09',
      Groups: USAGE_TYPES.flatMap((usageType) => {
        if (keys[0] === 'DIMENSION:SERVICE') {
          return [
            {
              Keys: ['Amazon Bedrock', usageType],
              Metrics: {
                UnblendedCost: money('5.00'),
                AmortizedCost: money('5.00'),
                UsageQuantity: { Amount: '1000', Unit: '1K tokens' },
              },
            },
          ];
        }
        if (keys[1] === 'TAG:team')
          return TEAMS.map((t) => ({
            Keys: [usageType, `team$${t}`],
            Metrics: { UnblendedCost: money('0.10') },
          }));
        if (keys[1] === 'DIMENSION:LINKED_ACCOUNT')
          return [{ Keys: [usageType, '111122223333'], Metrics: { UnblendedCost: money('5.00') } }];
        return [
          { Keys: [usageType, `${keys[1]?.split(':')[1]}$`], Metrics: { UnblendedCost: money('5.00') } },
        ];
      }),
    })),
    DimensionValueAttributes: [],
  };
}

const newStore = () => new FolderStore(mkdtempSync(join(tmpdir(), 'cost-api-')));
const config = parseConfig({});
const run = (store: FolderStore) =>
  ingestCostExplorer(
    {
      store,
      config,
      clock: fixedClock(NOW),
      random: () => 0.5,
      source: new CostExplorerSource(new CostExplorerClient({ region: 'us-east-1' })),
    },
    lookbackRange(new Date(NOW), config.costExplorer),
  );

beforeEach(() => {
  ce.reset();
  ce.on(GetDimensionValuesCommand, { Dimension: 'SERVICE' }).resolves({
    DimensionValues: [
      { Value: 'Amazon Bedrock' },
      { Value: 'Claude Sonnet 4.6 (Amazon Bedrock Edition)' },
      { Value: 'Bedrock Agents' },
    ],
  });
  ce.on(GetDimensionValuesCommand, { Dimension: 'USAGE_TYPE' }).resolves({
    DimensionValues: [
      { Value: 'BoxUsage:p4d.24xlarge' },
      { Value: 'BoxUsage:t3.micro' },
      { Value: 'USW2-SpotUsage:g5.xlarge' },
    ],
  });
  ce.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => respond(input));
});

describe('ingestCostExplorer', () => {
  it('makes a handful of requests for a 50-team org, whatever the number of teams', async () => {
    const summary = await run(newStore());
    // 2 discovery + SERVICE x USAGE_TYPE + LINKED_ACCOUNT + 3 tag keys.
    expect(summary.requests).toMatchObject({
      getDimensionValues: 2,
      getCostAndUsage: 5,
      total: 7,
      costUsd: '0.07',
    });
    expect(summary.services).toContain('Claude Sonnet 4.6 (Amazon Bedrock Edition)');
    expect(summary.services).not.toContain('Bedrock Agents');
  });

  it('asks for the discovered services and GPU usage types, without credits and refunds', async () => {
    await run(newStore());
    const base = ce.commandCalls(GetCostAndUsageCommand)[0]?.args[0].input;
    expect(base?.Filter).toEqual({
      And: [
        {
          Or: [
            {
              Dimensions: {
                Key: 'SERVICE',
                Values: ['Amazon Bedrock', 'Amazon SageMaker', 'Claude Sonnet 4.6 (Amazon Bedrock Edition)'],
              },
            },
            {
              And: [
                { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } },
                {
                  Dimensions: {
                    Key: 'USAGE_TYPE',
                    Values: ['BoxUsage:p4d.24xlarge', 'USW2-SpotUsage:g5.xlarge'],
                  },
                },
              ],
            },
          ],
        },
        { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } },
      ],
    });
    expect(base?.TimePeriod).toEqual({ Start: '2026-03-07', End: '2026-03-11' });
    expect(
      ce.commandCalls(GetCostAndUsageCommand).every((c) => (c.args[0].input.GroupBy ?? []).length <= 2),
    ).toBe(true);
  });

  it('splits each usage type across the 50 teams exactly, keeping estimated days', async () => {
    const store = newStore();
    const summary = await run(store);
    expect(summary.partitions).toEqual(DAYS);
    const rows = await decodeParquet(await store.getBytes('cost_daily/dt=2026-03-09/part-00000.parquet'));
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.unblended_cost))).toEqual(new Set(['0.100000000000']));
    expect(rows.every((r) => r.estimated === true && r.linked_account === '111122223333')).toBe(true);
  });

  it('follows NextPageToken to the end, each page a counted request', async () => {
    ce.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => {
      const full = respond(input);
      const page = input.NextPageToken ? Number(input.NextPageToken) : 0;
      return {
        ...full,
        ResultsByTime: [full.ResultsByTime[page]],
        NextPageToken: page < 3 ? String(page + 1) : null,
      };
    });
    const store = newStore();
    const summary = await run(store);
    expect(summary.requests.getCostAndUsage).toBe(20);
    expect(summary.partitions).toEqual(DAYS);
  });

  it('retries throttling with backoff on the clock, then gives the same rows', async () => {
    const calls = { n: 0 };
    ce.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => {
      calls.n++;
      if (calls.n <= 3) throw new LimitExceededException({ message: 'Rate exceeded', $metadata: {} });
      return respond(input);
    });
    const clock = fixedClock(NOW);
    const store = newStore();
    const summary = await ingestCostExplorer(
      { store, config, clock, random: () => 0, source: new CostExplorerSource(new CostExplorerClient({})) },
      lookbackRange(new Date(NOW), config.costExplorer),
    );
    expect(summary.requests.retries).toBe(3);
    expect(summary.requests.getCostAndUsage).toBe(8);
    // Waits of 250, 500 and 1000 ms (half of the doubling ceiling, no jitter at random 0).
    expect(clock.now().getTime() - Date.parse(NOW)).toBeGreaterThanOrEqual(1750);
    expect(summary.rowsWritten).toBe(400);
  });

  it('restarts paging on InvalidNextTokenException', async () => {
    let failed = false;
    ce.on(GetCostAndUsageCommand).callsFake((input: GetCostAndUsageCommandInput) => {
      const full = respond(input);
      if (input.NextPageToken && !failed) {
        failed = true;
        throw new InvalidNextTokenException({ message: 'stale', $metadata: {} });
      }
      return input.NextPageToken
        ? { ...full, ResultsByTime: full.ResultsByTime.slice(2) }
        : { ...full, ResultsByTime: full.ResultsByTime.slice(0, 2), NextPageToken: 'p2' };
    });
    const summary = await run(newStore());
    expect(summary.requests.restarts).toBe(1);
    expect(summary.partitions).toEqual(DAYS);
  });

  it('fails on a non-retryable error, naming the request, and writes nothing', async () => {
    ce.on(GetCostAndUsageCommand, {
      GroupBy: [
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        { Type: 'TAG', Key: 'feature' },
      ],
    }).rejects(Object.assign(new Error('Tag key feature is not active'), { name: 'ValidationException' }));
    const store = newStore();
    await expect(run(store)).rejects.toThrow(
      /GetCostAndUsage USAGE_TYPE x TAG feature \(page 1\) failed: ValidationException/,
    );
    const keys: string[] = [];
    for await (const o of store.list('cost_daily/')) keys.push(o.key);
    expect(keys).toEqual([]);
  });
});
