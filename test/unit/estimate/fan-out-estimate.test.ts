import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cutDay } from '../../../shared/bedrock/fan-out-day-plan';
import { shuffleFlushes } from '../../../shared/bedrock/shuffle-day';
import { parseConfig } from '../../../shared/config';
import {
  dayExtracts,
  estimatePipelineCost,
  fanOutAboveInvocationsPerDay,
  fanOutDayRequests,
  fanOutMonth,
  MEASURED,
  singleRunSeconds,
  TRANSITIONS,
} from '../../../shared/estimate';
import { compactDayRequests, type KeptDay } from '../../../shared/estimate/day-requests';
import { main } from '../../../src/cli/main';

const scale = { invocationsPerDay: 1_000_000, teams: 50, gpus: 200, streams: 20 };
const large = { ...scale, invocationsPerDay: 50_000_000 };
const fanOutConfig = parseConfig({ ingest: { fanOut: { enabled: true } } });
const quantity = (e: ReturnType<typeof estimatePipelineCost>, item: string) =>
  e.lines.find((l) => l.item === item)?.quantity;

describe('the fan-out in the pipeline cost estimate', () => {
  it('fans out above the rate at which the day’s last run in one function takes half its timeout', () => {
    const above = fanOutAboveInvocationsPerDay(MEASURED);
    expect(singleRunSeconds(above, MEASURED)).toBeLessThanOrEqual(450);
    expect(singleRunSeconds(above + 1_000, MEASURED)).toBeGreaterThan(450);
    expect(above).toBeGreaterThan(scale.invocationsPerDay);
    expect(above).toBeLessThan(large.invocationsPerDay);
    expect(estimatePipelineCost(scale).fanOut).toBeUndefined();
    expect(estimatePipelineCost(large).fanOut).toBe('scale');
    expect(estimatePipelineCost(scale, fanOutConfig).fanOut).toBe('config');
  });

  it('returns no Step Functions line for one run a quarter hour, and keeps 1M a day under $10', () => {
    const e = estimatePipelineCost(scale);
    expect(e.lines.filter((l) => l.price === 'stepFunctionsTransition')).toEqual([]);
    expect(e.underTarget).toBe(true);
  });

  it('counts the transitions of the synthesized state machine: a run, its pieces and its small days', () => {
    // At 1M a day the day stays under one step's bytes: every rebuild is a small day.
    const e = estimatePipelineCost(scale, fanOutConfig);
    const pieces = Math.ceil((fanOutConfig.ingest.lookbackHours + 1) / fanOutConfig.ingest.fanOut.pieceHours);
    const runs = 96 * 30;
    const previousDays = 30 * MEASURED.previousDayRebuildsPerDay;
    expect(quantity(e, 'Step Functions (runs and days)')).toBe(
      runs * (TRANSITIONS.run + TRANSITIONS.day) + previousDays * TRANSITIONS.day,
    );
    expect(quantity(e, 'Step Functions (Map child executions)')).toBe(runs * pieces * TRANSITIONS.piece);
    // The transitions the Lambda single run did not have: it costs more than one run a quarter hour.
    expect(e.lines.find((l) => l.item === 'Lambda duration')?.basis).toMatch(/fanned out/);
  });

  it('counts a large day’s steps and bucket objects with the code’s planning functions', () => {
    const month = fanOutMonth(large.invocationsPerDay, large.streams, parseConfig({}), MEASURED);
    const at = (run: number) => dayExtracts(large.invocationsPerDay, large.streams, run, MEASURED);
    let previous: KeptDay | undefined;
    let perDay = 0;
    let last = 0;
    for (let run = 1; run <= 96; run++) {
      const kept = previous?.kept;
      const r = fanOutDayRequests(at(run), {}, { previous });
      const cut = cutDay(at(run), {}, kept);
      // Only the groups not kept are shuffled: each one's flushes x the day's buckets.
      const flushes = cut.shuffles.reduce(
        (n, g) =>
          n +
          shuffleFlushes(
            (cut.groups[g]?.extracts ?? []).map((i) => at(run)[i]?.[1] ?? 0),
            64 << 20,
          ),
        0,
      );
      // A small day (the day's first hour) is rebuilt in one step, shuffled in one process.
      const small = compactDayRequests(at(run).map((p) => p[1])).shuffleObjects;
      expect(r.shuffleObjects).toBe(cut.large ? flushes * cut.buckets : small);
      perDay += r.shuffleObjects;
      last = r.shuffleObjects;
      previous = r.next;
    }
    expect(month.shuffleObjectsLastRun).toBe(last);
    perDay += MEASURED.previousDayRebuildsPerDay * fanOutDayRequests(at(97), {}, { previous }).shuffleObjects;
    expect(month.shuffleObjectsPerDay).toBe(perDay);
    const e = estimatePipelineCost(large);
    expect(quantity(e, 'S3 PUT of shuffle bucket objects')).toBe(perDay * 30);
    // The day's steps add their states: more transitions a run than the 15 of small days.
    expect(month.transitions.runAndDays).toBeGreaterThan(96 * 30 * (TRANSITIONS.run + TRANSITIONS.day));
  });

  it('prices the fanned-out functions from the measured step rates, at the fanned-out memory', () => {
    const slower = { ...MEASURED, mergeRowsPerSecond: MEASURED.mergeRowsPerSecond / 2 };
    const at = (m: typeof MEASURED) =>
      fanOutMonth(large.invocationsPerDay, large.streams, parseConfig({}), m).gbSeconds.days;
    expect(at(slower)).toBeGreaterThan(at(MEASURED));
    const e = estimatePipelineCost(large);
    expect(quantity(e, 'Lambda duration (fan-out pieces)')).toBeCloseTo(
      96 * 30 * (3 + large.invocationsPerDay / 96 / MEASURED.pieceRecordsPerSecond) * MEASURED.fanOutMemoryGb,
      6,
    );
  });
});

describe('genai-finops estimate-cost and the fan-out', () => {
  async function stdoutOf(...args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
      out += String(c);
      return true;
    });
    await main(['node', 'genai-finops', 'estimate-cost', ...args]);
    vi.restoreAllMocks();
    return out;
  }

  it('says whether it priced the ingest fanned out, and why', async () => {
    const above = fanOutAboveInvocationsPerDay(MEASURED);
    expect(await stdoutOf('--invocations-per-day', '1000000')).toMatch(
      /^ingest: one function run a quarter hour/m,
    );
    const large = await stdoutOf('--invocations-per-day', String(above + 1));
    expect(large).toMatch(/^ingest: fanned out on Step Functions \(above [\d,]+ invocations a day/m);
    expect(large).toMatch(/^Step Functions \(runs and days\)/m);
    const dir = mkdtempSync(join(tmpdir(), 'estimate-fan-out-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ ingest: { fanOut: { enabled: true } } }));
    const configured = JSON.parse(
      await stdoutOf('--invocations-per-day', '1000000', '--json', '--config', file),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(configured.fanOut).toBe('config');
    expect(configured.lines.map((l: { item: string }) => l.item)).toContain(
      'Step Functions (Map child executions)',
    );
  });
});
