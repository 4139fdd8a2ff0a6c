import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { compactDay } from '../../shared/bedrock/compact';
import { unitHourOf } from '../../shared/bedrock/day-groups';
import { finishDayBuild, mergeDayStep, StaleDayError } from '../../shared/bedrock/fan-out-day-merge';
import { type DaySizing, planDayBuild, shuffleDayStep } from '../../shared/bedrock/fan-out-day-plan';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { listStaged } from '../../shared/bedrock/stage-paths';
import { bedrockStage } from '../../shared/bedrock/stage-table';
import { type AppConfig, parseConfig } from '../../shared/config';
import { decodeParquet, encodeParquet } from '../../shared/lake/parquet';
import { fixedClock, type ObjectStore } from '../../shared/ports';
import { generateSyntheticLogs } from '../../src/demo';
import { type S3TestServer, startS3Server } from '../support/s3-server';

const DT = '2026-03-02';
const clock = fixedClock(`${DT}T23:30:00Z`);
const SIZING: DaySizing = { oneStepBytes: 0, bucketBytes: 200_000, stepBytes: 150_000, groupBytes: 60_000 };

let server: S3TestServer;
let dir = '';
let config: AppConfig;
const lake = (bucket: string): S3Store => new S3Store({ client: server.client(), bucket, prefix: 'curated' });

beforeAll(async () => {
  server = await startS3Server(['fanned', 'single']);
  dir = mkdtempSync(join(tmpdir(), 'fan-out-kept-stale-'));
  const logs = new FolderStore(dir);
  const truth = await generateSyntheticLogs((key, body) => logs.put(key, body), {
    seed: 41,
    start: new Date(`${DT}T00:00:00Z`),
    hours: 12,
    invocationsPerHour: 60,
    bodies: 'small',
    faults: { duplicates: 5, lateArrivals: 0, badLines: 0, bodyObjects: false },
  });
  config = parseConfig(truth.config);
  const window = { from: new Date(`${DT}T00:00:00Z`), to: new Date(`${DT}T12:00:00Z`) };
  for (const bucket of ['fanned', 'single'])
    await ingestBedrockLogs({ source: logs, store: lake(bucket), config, clock }, { window });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function bytesUnder(s: ObjectStore, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const o of s.list(prefix)) out[o.key] = Buffer.from(await s.getBytes(o.key)).toString('base64');
  return out;
}
const tables = async (s: ObjectStore) => ({
  invocations: await bytesUnder(s, `bedrock_invocations/dt=${DT}/`),
  usage: await bytesUnder(s, `usage_hourly/dt=${DT}/`),
  identities: await bytesUnder(s, `identity_daily/dt=${DT}/`),
});

describe('kept bucket objects and a rebuild that finished meanwhile (on a real S3 server)', () => {
  it('plans the day again when another rebuild replaced kept groups since its plan, then writes the one-process tables', {
    timeout: 180_000,
  }, async () => {
    const store = lake('fanned');
    const deps = { store, config, clock, ...SIZING };
    const steps = async (runId: string, phase: 'shuffle' | 'merge' | 'all') => {
      const planned = await planDayBuild(deps, runId, DT);
      if (phase !== 'merge') for (const n of planned.shuffleSteps) await shuffleDayStep(deps, runId, DT, n);
      return planned;
    };
    const merge = async (runId: string, mergeSteps: number[]) => {
      for (const n of mergeSteps) await mergeDayStep(deps, runId, DT, n);
    };
    // A first rebuild keeps every group.
    const first = await steps('first', 'all');
    await merge('first', first.mergeSteps);
    await finishDayBuild(deps, 'first', DT);

    // Run A plans: every group kept, nothing to shuffle.
    const a = await steps('a', 'all');
    expect(a.shuffleSteps).toEqual([]);
    // Hour 05's extract is re-staged with other content, and run B rebuilds the day from it: its
    // finish replaces hour 05's group and deletes the objects of the group run A reuses.
    const changed = (await listStaged(store, DT)).find((o) => unitHourOf(o.key).endsWith('05'));
    if (!changed) throw new Error('no extract of hour 05');
    const original = await store.getBytes(changed.key);
    const rows = await decodeParquet(original);
    const late = { ...(rows[0] as Record<string, unknown>), request_id: 'late-arrival-0005' };
    await store.put(changed.key, encodeParquet(bedrockStage, [...rows, late], { uncompressed: true }));
    const b = await steps('b', 'all');
    expect(b.shuffleSteps).toHaveLength(1);
    await merge('b', b.mergeSteps);
    await finishDayBuild(deps, 'b', DT);
    // The extract is staged back as it was (same bytes, same ETag): the day's extracts are again those A planned.
    await store.put(changed.key, original);
    expect((await store.head(changed.key))?.etag).toBe(changed.etag);

    // A's merge read a group whose objects were removed: its finish must not write the day.
    await merge('a', a.mergeSteps);
    await expect(finishDayBuild(deps, 'a', DT)).rejects.toBeInstanceOf(StaleDayError);
    // Planned again (as the state machine's Catch does), it shuffles the replaced hour and holds it.
    const again = await steps('a', 'all');
    expect(again.shuffleSteps).toHaveLength(1);
    await merge('a', again.mergeSteps);
    await finishDayBuild(deps, 'a', DT);

    const single = lake('single');
    await compactDay(DT, {
      store: single,
      clock,
      attribution: config.attribution,
      normalizeModel: createModelNormalizer(config),
      bucketBytes: SIZING.bucketBytes,
    });
    expect(await tables(store)).toEqual(await tables(single));
  });
});
