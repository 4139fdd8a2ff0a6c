import { describe, expect, it } from 'vitest';
import { endpointOfArn } from '../../../shared/recommend/gpu-low-output-value';
import { costPerOutcomeTrend } from '../../../shared/recommend/outcome-trend';
import { generateSyntheticLogs } from '../../../src/demo';
import { demoAcceptedAnswers, ragAnswersByDay } from '../../../src/demo/business';
import { ENDPOINT_WORKLOADS, planEndpointTraffic } from '../../../src/demo/endpoint-traffic';
import { FLEET, fleetWindowHours } from '../../../src/demo/gpu-fleet';

const HOUR = 3_600_000;

describe('the demo organisation behind every recommendation kind', () => {
  it('calls only endpoints of the GPU fleet through Bedrock', () => {
    const endpoints = FLEET.filter((m) => m.kind === 'sagemaker').map((m) => m.id);
    const called = ENDPOINT_WORKLOADS.map((w) => endpointOfArn(w.spec.modelId));
    expect(called).toEqual(['chat-prod', 'summarize-prod']);
    for (const name of called) expect(endpoints).toContain(name);
  });

  it('has a batch-priority member busier in the working hours than at night', () => {
    const batch = FLEET.filter((m) => m.tags.priority === 'batch');
    expect(batch).toHaveLength(1);
    expect(batch[0]?.workingHoursBusy).toBeGreaterThan(batch[0]?.busy ?? 100);
  });

  it('spreads endpoint calls over the run in one object of their own per hour (part 2000)', () => {
    const slots = planEndpointTraffic(42, Date.parse('2026-03-02T00:00:00Z'), 48, 250, 100);
    const calls = (i: number) =>
      slots
        .flatMap((s) => s.extras ?? [])
        .filter((e) => e.workload.index === 100 + i)
        .reduce((n, e) => n + e.count, 0);
    expect(slots.every((s) => s.part === 2000 && s.count === 0)).toBe(true);
    expect(new Set(slots.map((s) => s.hourStartMs)).size).toBe(slots.length);
    // 48 h × 250 × share, seasonal factors averaging about 1 over two weekdays.
    expect(calls(0)).toBeGreaterThan(48 * 250 * 0.04 * 0.7);
    expect(calls(1)).toBeLessThan(calls(0) / 5);
  });

  it('leaves every other record as it was when the endpoint calls are added', async () => {
    const run = (endpoints: boolean) =>
      generateSyntheticLogs(async () => {}, {
        seed: 7,
        start: new Date('2026-03-02T08:00:00Z'),
        hours: 6,
        invocationsPerHour: 80,
        bodies: 'small',
        endpoints,
      });
    const [without, withCalls] = [await run(false), await run(true)];
    const isEndpoint = (model: string) => endpointOfArn(model) !== undefined;
    expect(withCalls.byTeamModel.filter((t) => !isEndpoint(t.model))).toEqual(without.byTeamModel);
    expect(withCalls.byTeamModel.filter((t) => isEndpoint(t.model)).map((t) => t.team)).toEqual([
      'research',
      'support',
    ]);
  });

  it('gives rag-answer a cost per accepted answer that grows: fewer accepted at the same volume', () => {
    const start = Date.parse('2026-03-02T00:00:00Z');
    const volume = ragAnswersByDay(start, 8 * 24, 250);
    const outcomes = demoAcceptedAnswers(start, 8 * 24, 250);
    const accepted = outcomes.map((o) => Number(o.value) / (volume.get(o.day) ?? 1));
    expect(accepted).toEqual([...accepted].sort((a, b) => b - a));
    // A day's cost follows its volume: $0.001 an answer.
    const days = outcomes.map((o) => ({
      day: o.day,
      team: o.team,
      feature: o.feature,
      metric: o.metricName,
      costMicros: BigInt(Math.round((volume.get(o.day) ?? 0) * 1000)),
      outcomes: Number(o.value),
    }));
    const [rec, ...rest] = costPerOutcomeTrend(days, 10);
    expect(rest).toEqual([]);
    expect(rec?.feature).toBe('rag-answer');
    expect(Number(rec?.evidence.cost_growth_pct) - Number(rec?.evidence.outcome_growth_pct)).toBeGreaterThan(
      10,
    );
  });
});

describe('fleetWindowHours', () => {
  it('returns two days when they hold a working hour (a Tuesday noon)', () => {
    expect(fleetWindowHours(Date.parse('2026-03-03T12:00:00Z'), 168)).toBe(48);
  });
  it('returns three days on a Monday morning, whose last two days are the weekend', () => {
    const end = Date.parse('2026-03-02T08:00:00Z');
    expect(fleetWindowHours(end, 168)).toBe(72);
    expect(fleetWindowHours(end - 12 * HOUR, 168)).toBe(72);
  });
  it('returns no more hours than the run has', () => {
    expect(fleetWindowHours(Date.parse('2026-03-02T08:00:00Z'), 24)).toBe(24);
  });
});
