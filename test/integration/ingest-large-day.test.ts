import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { compactDay } from '../../shared/bedrock/compact';
import { finishDayBuild, mergeDayStep, StaleDayError } from '../../shared/bedrock/fan-out-day-merge';
import { type DaySizing, planDayBuild, shuffleDayStep } from '../../shared/bedrock/fan-out-day-plan';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { SHUFFLE_ROOT } from '../../shared/bedrock/shuffle-day';
import { listStaged, stagedKey } from '../../shared/bedrock/stage-paths';
import { bedrockStage } from '../../shared/bedrock/stage-table';
import { dayWindow } from '../../shared/bedrock/window';
import { type AppConfig, parseConfig } from '../../shared/config';
import { decodeParquet, encodeParquet } from '../../shared/lake/parquet';
import { fixedClock, type ObjectStore } from '../../shared/ports';
import { generateSyntheticLogs } from '../../src/demo';
import { runFanOut } from '../support/fan-out-runner';
import { faultyStore } from '../support/faulty-store';
import { type S3TestServer, startS3Server } from '../support/s3-server';

const NOW = '2026-03-06T12:00:00Z';
const FROM = '2026-03-02';
const TO = '2026-03-03';
const clock = fixedClock(NOW);
/** Small sizes, so that the test's days are "large": several buckets, shuffle and merge steps each. */
const BUCKET_BYTES = 12_000;
const SIZING: DaySizing = {
  oneStepBytes: 0,
  bucketBytes: BUCKET_BYTES,
  stepBytes: 40_000,
  groupBytes: 25_000,
};

let server: S3TestServer;
let config: AppConfig;
let records = 0;
let logsDir = '';
const logs = (): FolderStore => new FolderStore(logsDir);
const s3 = (bucket: string): S3Store => new S3Store({ client: server.client(), bucket, prefix: 'curated' });
const window = () => dayWindow(FROM, TO, new Date(NOW), 2) as NonNullable<ReturnType<typeof dayWindow>>;

beforeAll(async () => {
  server = await startS3Server(['single', 'fanned']);
  logsDir = mkdtempSync(join(tmpdir(), 'large-day-logs-'));
  const raw = logs();
  // Duplicates delivered in other objects and hours: the dedupe rule must hold across the whole day.
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 29,
    start: new Date(`${FROM}T00:00:00Z`),
    hours: 50,
    invocationsPerHour: 30,
    bodies: 'small',
    faults: { duplicates: 20, lateArrivals: 6, badLines: 2, bodyObjects: false },
  });
  config = parseConfig(truth.config);
  records = truth.records;
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (logsDir) rmSync(logsDir, { recursive: true, force: true });
});

/** Every object under `prefix`: key → its bytes (as base64, to compare byte for byte). */
async function bytesUnder(store: ObjectStore, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const o of store.list(prefix))
    out[o.key] = Buffer.from(await store.getBytes(o.key)).toString('base64');
  return out;
}

const tables = async (store: ObjectStore) => ({
  invocations: await bytesUnder(store, 'bedrock_invocations/'),
  usage: await bytesUnder(store, 'usage_hourly/'),
  identities: await bytesUnder(store, 'identity_daily/'),
});

/** A copy of a staged extract under another unit id, with new request ids: a unit staged late. */
async function stageCopy(store: ObjectStore, dt: string, unitId: string): Promise<number> {
  const [first] = await listStaged(store, dt);
  const rows = await decodeParquet(await store.getBytes(first?.key as string));
  const copied = rows.map((r) => ({ ...r, request_id: `${r.request_id as string}-late` }));
  await store.put(stagedKey(dt, unitId), encodeParquet(bedrockStage, copied, { uncompressed: true }));
  return copied.length;
}

describe('a large day rebuilt in shuffle, merge and finish steps (fan-out, on a real S3 server)', () => {
  let single: Awaited<ReturnType<typeof tables>>;

  beforeAll(async () => {
    const s = await ingestBedrockLogs(
      { source: logs(), store: s3('single'), config, clock },
      { window: window(), bucketBytes: BUCKET_BYTES },
    );
    expect(s.unitsFailed).toEqual([]);
    expect(s.recordsWritten).toBe(records);
    single = await tables(s3('single'));
  }, 180_000);

  it('writes byte for byte the tables of one run, with its steps failing and retried', {
    timeout: 180_000,
  }, async () => {
    const store = faultyStore(s3('fanned'), [
      { op: 'put', key: /^_state\/shuffle\/bedrock_invocations\/dt=2026-03-02\/.*\/b=00001\//, times: 1 },
      { op: 'put', key: /\/build\/2026-03-02\/parts\/part-00002\.parquet$/, times: 1 },
      { op: 'put', key: /^usage_hourly\/dt=2026-03-03\//, times: 1 },
    ]);
    const { summary, trace } = await runFanOut(
      { source: logs(), store, config, clock },
      { runId: 'large-days', window: window(), pieceHours: 12, sizing: SIZING },
    );
    expect(store.fired).toBe(3);
    const failed = trace.failedAttempts.map((f) => f.step);
    expect(failed).toHaveLength(3);
    expect(failed.some((s) => /^shuffle 2026-03-02 \d+$/.test(s))).toBe(true);
    expect(failed.some((s) => /^merge 2026-03-02 \d+$/.test(s))).toBe(true);
    expect(failed).toContain('finish 2026-03-03');
    expect(summary?.recordsWritten).toBe(records);

    const fanned = await tables(s3('fanned'));
    // Several parts a day (one per bucket), the same keys and bytes as the single run's.
    const parts = Object.keys(fanned.invocations).filter((k) =>
      k.startsWith('bedrock_invocations/dt=2026-03-02/'),
    );
    expect(parts.length).toBeGreaterThan(3);
    expect(Object.keys(fanned.invocations).sort()).toEqual(Object.keys(single.invocations).sort());
    expect(fanned.invocations).toEqual(single.invocations);
    expect(fanned.usage).toEqual(single.usage);
    expect(Object.keys(fanned.identities).length).toBeGreaterThan(1);
    expect(fanned.identities).toEqual(single.identities);
    // Nothing of the rebuild is left once committed (the build settings stay, as after one run).
    expect(Object.keys(await bytesUnder(s3('fanned'), '_state/'))).toEqual([
      '_state/config/bedrock_invocations.json',
    ]);
  });

  it('plans a day again when a unit was staged between its plan and its finish, and then holds it', {
    timeout: 180_000,
  }, async () => {
    const store = s3('fanned');
    const dt = '2026-03-02';
    const deps = { store, config, clock, ...SIZING };
    const runId = 'restaged';
    const steps = async () => {
      const planned = await planDayBuild(deps, runId, dt);
      expect(planned.shuffleSteps.length).toBeGreaterThan(1);
      expect(planned.mergeSteps.length).toBeGreaterThan(1);
      for (const n of planned.shuffleSteps) await shuffleDayStep(deps, runId, dt, n);
      for (const n of planned.mergeSteps) await mergeDayStep(deps, runId, dt, n);
    };
    const before = (await decodeParquetRows(store, dt)).length;
    await steps();
    const added = await stageCopy(store, dt, 'late_unit');
    await expect(finishDayBuild(deps, runId, dt)).rejects.toBeInstanceOf(StaleDayError);
    // The day as it was: the stale rebuild wrote nothing.
    expect((await decodeParquetRows(store, dt)).length).toBe(before);
    await steps();
    await finishDayBuild(deps, runId, dt);
    // A retry once finished changes nothing.
    await finishDayBuild(deps, runId, dt);
    expect((await decodeParquetRows(store, dt)).length).toBe(before + added);

    // The same staged data rebuilt in one process gives the same bytes, however its shuffle is flushed.
    const other = s3('single');
    await stageCopy(other, dt, 'late_unit');
    await compactDay(dt, {
      store: other,
      clock,
      attribution: config.attribution,
      normalizeModel: createModelNormalizer(config),
      bucketBytes: BUCKET_BYTES,
      groupBytes: 5_000,
    });
    expect(await tables(store)).toEqual(await tables(other));
    expect(await bytesUnder(store, `${SHUFFLE_ROOT}/`)).toEqual({});
  });
});

async function decodeParquetRows(store: ObjectStore, dt: string) {
  const rows = [];
  for await (const o of store.list(`bedrock_invocations/dt=${dt}/`))
    rows.push(...(await decodeParquet(await store.getBytes(o.key))));
  return rows;
}
