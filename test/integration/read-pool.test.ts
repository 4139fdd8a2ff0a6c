import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import { ReadPool, type ReadPoolOptions } from '../../src/cli/read-pool';
import { type GroundTruth, generateSyntheticLogs } from '../../src/demo';
import { hourFolder, putLog, record } from '../support/bedrock-corpus';

// The worker runs as the built bundle, as the command runs it; built into a folder of this test's own.
const built = resolve(`.tmp/vitest/read-pool-${process.pid}`);
const workerFile = join(built, 'read-worker.mjs');
const clock = fixedClock('2026-03-03T06:00:00Z');

let dir: string;
let truth: GroundTruth;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', built]);
  dir = mkdtempSync(join(tmpdir(), 'read-pool-'));
  const raw = new FolderStore(join(dir, 'raw'));
  truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 5,
    start: new Date('2026-03-02T20:00:00Z'),
    hours: 6,
    invocationsPerHour: 150,
    bodies: 'small',
    faults: {
      duplicates: 0.03,
      lateArrivals: 0.03,
      badLines: 0.02,
      truncatedObject: true,
      bodyObjects: true,
    },
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(truth.config));
}, 180_000);

afterAll(() => {
  rmSync(built, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under a store, by relative path, with its bytes (base64), leases and build settings aside. */
function files(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(root, { recursive: true }).map(String).sort()) {
    if (!f.endsWith('.parquet') && !f.includes('_units/')) continue;
    out[f] = readFileSync(join(root, f)).toString('base64');
  }
  return out;
}

/** One ingest of `raw` into `lake`, in this thread or with a pool of `threads` workers. */
async function ingest(
  raw: string,
  lake: string,
  pool?: { threads: number; options: ReadPoolOptions },
): Promise<{ summary: IngestSummary; started: boolean }> {
  const source = new FolderStore(raw);
  const readPool = pool
    ? ReadPool.open(source, raw, pool.threads, { workerFile, ...pool.options })
    : undefined;
  if (pool && !readPool) throw new Error('no pool');
  try {
    const summary = await ingestBedrockLogs(
      {
        source,
        readObject: readPool?.read,
        store: new FolderStore(lake),
        config: parseConfig(truth.config),
        clock,
      },
      {},
    );
    return { summary, started: readPool?.started ?? false };
  } finally {
    await readPool?.close();
  }
}

/** What must not depend on the threads: everything but time and where the store is. */
const comparable = (s: IngestSummary) => ({ ...s, seconds: 0, store: '', requests: s.requests.source });

describe('ReadPool', () => {
  it('stages, on worker threads with units split between them, the same tables, extracts, manifests, counts and requests as one thread', async () => {
    const one = await ingest(join(dir, 'raw'), join(dir, 'lake-1'));
    // Every unit split, and the workers started at once: the paths a large source takes.
    const two = await ingest(join(dir, 'raw'), join(dir, 'lake-2'), {
      threads: 2,
      options: { startAfterBytes: 0, splitBytes: 1 },
    });
    expect(two.started).toBe(true);
    expect(one.summary.recordsWritten).toBe(truth.records);
    expect(one.summary.duplicatesDropped).toBe(truth.duplicates);
    expect(one.summary.linesRejected).toBe(truth.badLines);
    expect(one.summary.damagedObjects).toHaveLength(1);
    expect(comparable(two.summary)).toEqual(comparable(one.summary));
    const a = files(join(dir, 'lake-1'));
    expect(Object.keys(a).some((f) => f.startsWith('bedrock_invocations/'))).toBe(true);
    expect(Object.keys(a).some((f) => f.startsWith('usage_hourly/'))).toBe(true);
    expect(Object.keys(a).some((f) => f.startsWith('_stage/'))).toBe(true);
    expect(files(join(dir, 'lake-2'))).toEqual(a);
  });

  it('reads a small source in this thread, without starting the workers, with the same result', async () => {
    const one = await ingest(join(dir, 'raw'), join(dir, 'lake-s1'));
    const two = await ingest(join(dir, 'raw'), join(dir, 'lake-s2'), { threads: 2, options: {} });
    expect(two.started).toBe(false);
    expect(comparable(two.summary)).toEqual(comparable(one.summary));
    expect(files(join(dir, 'lake-s2'))).toEqual(files(join(dir, 'lake-s1')));
  });

  it('re-stages a unit that gained and changed objects on the workers like one thread does, keeping the rows of unchanged ones', async () => {
    const base = mkdtempSync(join(tmpdir(), 'read-pool-inc-'));
    const folder = hourFolder('2026-03-03T01');
    const write = async (raw: FolderStore, round: number) => {
      if (round === 0)
        await putLog(raw, `${folder}a.json.gz`, [record('a1', '2026-03-03T01:01:00Z', { team: 'support' })]);
      await putLog(raw, `${folder}b.json.gz`, [
        record('b1', '2026-03-03T01:02:00Z', { team: 'search', input: round === 0 ? 5 : 50 }),
        'not json',
      ]);
      if (round === 1)
        await putLog(raw, `${folder}c.json.gz`, [record('c1', '2026-03-03T01:03:00Z', { team: 'search' })]);
    };
    const results: Record<string, string>[] = [];
    for (const threads of [1, 2]) {
      const rawDir = join(base, `raw-${threads}`);
      const lake = join(base, `lake-${threads}`);
      mkdirSync(rawDir, { recursive: true });
      const raw = new FolderStore(rawDir);
      const pool = threads === 1 ? undefined : { threads, options: { startAfterBytes: 0, splitBytes: 1 } };
      await write(raw, 0);
      await ingest(rawDir, lake, pool);
      await write(raw, 1);
      const second = await ingest(rawDir, lake, pool);
      expect(second.summary.filesRead).toBe(2);
      expect(second.summary.recordsWritten).toBe(3);
      expect(second.summary.rejectReasons).toEqual({ invalid_json: 1 });
      // Unit ids derive from the source location, which differs between the two runs.
      results.push(
        Object.fromEntries(
          Object.entries(files(lake))
            .filter(([f]) => !f.includes('_units/'))
            .map(([f, b]) => [f.replace(/_[0-9a-f]{8}\.parquet$/, '.parquet'), b]),
        ),
      );
    }
    expect(Object.keys(results[0] ?? {}).length).toBeGreaterThan(0);
    expect(results[1]).toEqual(results[0]);
    rmSync(base, { recursive: true, force: true });
  });

  it('fails the units given to a worker that stops, and reads the rest in this thread, without waiting', async () => {
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('a worker that cannot start');\n");
    const source = new FolderStore(join(dir, 'raw'));
    const pool = ReadPool.open(source, join(dir, 'raw'), 2, { workerFile: broken, startAfterBytes: 0 });
    try {
      const summary = await ingestBedrockLogs(
        {
          source,
          readObject: pool?.read,
          store: new FolderStore(join(dir, 'lake-broken')),
          config: parseConfig(truth.config),
          clock,
        },
        {},
      );
      expect(summary.unitsFailed.length).toBeGreaterThan(0);
      expect(summary.unitsFailed.length).toBeLessThan(summary.unitsSeen);
      expect(summary.recordsWritten).toBeGreaterThan(0);
    } finally {
      await pool?.close();
    }
  });
});
