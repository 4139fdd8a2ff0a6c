import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { FAN_OUT_ROOT } from '../../shared/bedrock/fan-out-state';
import { stagePiece } from '../../shared/bedrock/stage-piece';
import { dayWindow } from '../../shared/bedrock/window';
import { type AppConfig, parseConfig } from '../../shared/config';
import { decodeParquet } from '../../shared/lake/parquet';
import { fixedClock, type ObjectStore } from '../../shared/ports';
import { generateSyntheticLogs } from '../../src/demo';
import { runFanOut } from '../support/fan-out-runner';
import { faultyStore } from '../support/faulty-store';
import { type S3TestServer, startS3Server } from '../support/s3-server';

const NOW = '2026-03-06T12:00:00Z';
const FROM = '2026-03-02';
const TO = '2026-03-03';
const clock = fixedClock(NOW);
let server: S3TestServer;
let config: AppConfig;
let records = 0;
let objects = 0;

const s3 = (bucket: string, prefix = 'curated'): S3Store =>
  new S3Store({ client: server.client(), bucket, prefix });
/** The raw logs in a folder (the source side is not what this test is about); the lake on the S3 server. */
let logsDir = '';
const logs = (): FolderStore => new FolderStore(logsDir);
const window = () => dayWindow(FROM, TO, new Date(NOW), 2);

beforeAll(async () => {
  server = await startS3Server(['single', 'fanned']);
  logsDir = mkdtempSync(join(tmpdir(), 'fan-out-logs-'));
  const raw = logs();
  // Two days and the late hours after them, duplicates, late arrivals, body objects to skip.
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 13,
    start: new Date(`${FROM}T00:00:00Z`),
    hours: 50,
    invocationsPerHour: 20,
    bodies: 'small',
    faults: { duplicates: 12, lateArrivals: 8, badLines: 3, bodyObjects: true },
  });
  config = parseConfig(truth.config);
  records = truth.records;
  objects = truth.objects;
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (logsDir) rmSync(logsDir, { recursive: true, force: true });
});

/** Every object under `prefix`, key → rows (Parquet) or text (JSON), with the prefix kept. */
async function contents(store: ObjectStore, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for await (const o of store.list(prefix)) {
    const bytes = await store.getBytes(o.key);
    out[o.key] = o.key.endsWith('.parquet')
      ? await decodeParquet(bytes)
      : Buffer.from(bytes).toString('utf8');
  }
  return out;
}

/** The tables a run leaves, and the manifests that mark its units done. */
async function lakeOf(store: ObjectStore) {
  return {
    invocations: await contents(store, 'bedrock_invocations/'),
    usage: await contents(store, 'usage_hourly/'),
    manifests: await contents(store, '_stage/bedrock_invocations/_units/'),
  };
}

describe('the fan-out of the Bedrock ingest (a backfill in pieces, on a real S3 server)', () => {
  let single: Awaited<ReturnType<typeof lakeOf>>;

  beforeAll(async () => {
    const s = await ingestBedrockLogs(
      { source: logs(), store: s3('single'), config, clock },
      { window: window() },
    );
    expect(s.unitsFailed).toEqual([]);
    expect(s.partitions.length).toBeGreaterThanOrEqual(3);
    single = await lakeOf(s3('single'));
  }, 180_000);

  it('gives the same tables as one run, with pieces failing and retried', { timeout: 180_000 }, async () => {
    const day = '2026-03-03';
    const source = faultyStore(logs(), [
      // A log object that cannot be read past the reader's own 3 attempts: its piece fails and is staged again.
      { op: 'getBytes', key: /\/2026\/03\/02\/05\/.*\.json\.gz$/, times: 3, oneKey: true },
    ]);
    const store = faultyStore(s3('fanned'), [
      // Staging writes of one day fail twice: two attempts of a piece fail, the third passes.
      {
        op: 'put',
        key: new RegExp(`^_stage/bedrock_invocations/dt=${day}/.*_2026030311_`),
        times: 2,
        oneKey: true,
      },
      // A piece staged everything, then could not record it.
      { op: 'put', key: /^_state\/fanout\/.*\/pieces\/000004\.json$/, times: 1 },
      // A day's rebuild fails once listing its staged extracts.
      { op: 'list', key: new RegExp(`^_stage/bedrock_invocations/dt=${day}/$`), times: 1 },
      // The commit fails once writing a manifest, after writing some.
      { op: 'put', key: /^_stage\/bedrock_invocations\/_units\/.*_2026030401_/, times: 1 },
    ]);
    const { summary, trace } = await runFanOut(
      { source, store, config, clock },
      {
        runId: 'backfill-retried',
        window: window() as NonNullable<ReturnType<typeof window>>,
        pieceHours: 6,
      },
    );
    expect(source.fired + store.fired).toBe(8);
    // Pieces 0 (the unreadable object), 4 (its record) and 5 (twice); one day; the commit.
    expect(trace.failedAttempts.map((f) => f.step)).toEqual(
      expect.arrayContaining(['stage 0', 'stage 4', 'stage 5', 'compact 2026-03-03', 'commit']),
    );
    expect(trace.failedAttempts.filter((f) => f.step === 'stage 5')).toHaveLength(2);
    expect(trace.failedAttempts).toHaveLength(6);
    expect(trace.pieces).toBe(Math.ceil((2 * 24 + 2) / 6));
    expect(summary?.recordsWritten).toBe(records);
    expect(summary?.unitsFailed).toEqual([]);

    const fanned = await lakeOf(s3('fanned'));
    expect(Object.keys(fanned.invocations).sort()).toEqual(Object.keys(single.invocations).sort());
    expect(fanned.invocations).toEqual(single.invocations);
    expect(fanned.usage).toEqual(single.usage);
    // Every unit is marked done, with the same manifest: the next run reads nothing again.
    expect(fanned.manifests).toEqual(single.manifests);
    const again = await ingestBedrockLogs(
      { source: logs(), store: s3('fanned'), config, clock },
      { window: window() },
    );
    expect(again.unitsRead).toBe(0);
    // The run's state is gone once committed.
    expect(await contents(s3('fanned'), `${FAN_OUT_ROOT}/`)).toEqual({});
  });

  it('is idempotent: a run that failed, then ran again, and a run over done work give the same tables', {
    timeout: 180_000,
  }, async () => {
    // On the folder store: the same core, the lake in a folder (the S3 side is covered above).
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'fan-out-lake-')));
    const w = window() as NonNullable<ReturnType<typeof window>>;
    // A piece that fails every attempt fails the run: nothing is marked done.
    const broken = faultyStore(store, [
      { op: 'put', key: /^_stage\/bedrock_invocations\/dt=2026-03-02\//, times: Number.POSITIVE_INFINITY },
    ]);
    await expect(
      runFanOut(
        { source: logs(), store: broken, config, clock },
        { runId: 'run-1', window: w, pieceHours: 12 },
      ),
    ).rejects.toThrow(/injected put failure/);
    expect(await contents(store, '_stage/bedrock_invocations/_units/')).toEqual({});

    // Piece 2 staged once more by hand before the next run, which stages it again itself.
    const deps = { source: logs(), store, config, clock };
    await runFanOut(deps, { runId: 'run-2', window: w, pieceHours: 12 }).then(async ({ summary }) => {
      expect(summary?.recordsWritten).toBe(records);
    });
    const first = await lakeOf(store);
    await runFanOut(deps, { runId: 'run-3', window: w, pieceHours: 24 }).then(async ({ summary, trace }) => {
      // Everything was marked done: staged again as unchanged, no day changed.
      expect(summary?.unitsRead).toBe(0);
      expect(trace.days).toEqual([]);
    });
    await expect(stagePiece(deps, { runId: 'run-3', piece: 0 })).rejects.toThrow(/has no piece/);
    expect(await lakeOf(store)).toEqual(first);
    expect(first.invocations).toEqual(single.invocations);
    expect(first.usage).toEqual(single.usage);
    expect(objects).toBeGreaterThan(500);
  });
});
