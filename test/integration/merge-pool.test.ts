import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import { MergePool } from '../../src/cli/merge-pool';
import { type GroundTruth, generateSyntheticLogs } from '../../src/demo';

// The worker runs as the built bundle, as the command runs it; built into a folder of this test's own.
const built = resolve(`.tmp/vitest/merge-pool-${process.pid}`);
const workerFile = join(built, 'merge-worker.mjs');
const clock = fixedClock('2026-03-03T06:00:00Z');
/** Staged bytes per bucket: small, so that each day of the corpus is merged in several buckets. */
const BUCKET_BYTES = 24 * 1024;

let dir: string;
let truth: GroundTruth;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', built]);
  dir = mkdtempSync(join(tmpdir(), 'merge-pool-'));
  const raw = new FolderStore(join(dir, 'raw'));
  truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 11,
    start: new Date('2026-03-02T20:00:00Z'),
    hours: 6,
    invocationsPerHour: 200,
    bodies: 'small',
    faults: { duplicates: 0.05, lateArrivals: 0.03, badLines: 0.02 },
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(truth.config));
}, 180_000);

afterAll(() => {
  rmSync(built, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Every curated Parquet file under a store, by relative path, with its bytes (base64). */
function tables(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(root, { recursive: true }).map(String).sort()) {
    if (!f.endsWith('.parquet') || f.startsWith('_')) continue;
    out[f] = readFileSync(join(root, f)).toString('base64');
  }
  return out;
}

/** One ingest of the corpus into `lake`, its large days merged in this thread or on `threads`. */
async function ingest(lake: string, threads?: number): Promise<IngestSummary> {
  const store = new FolderStore(lake);
  const config = parseConfig(truth.config);
  const pool = threads ? MergePool.open({ store, location: lake, config, workerFile }, threads) : undefined;
  if (threads && !pool) throw new Error('no pool');
  try {
    return await ingestBedrockLogs(
      { source: new FolderStore(join(dir, 'raw')), store, config, clock, merger: pool?.merger },
      { bucketBytes: BUCKET_BYTES },
    );
  } finally {
    await pool?.close();
  }
}

describe('MergePool', () => {
  it('shuffles and merges a day of several buckets on worker threads into the same bytes as one thread', async () => {
    const one = await ingest(join(dir, 'lake-1'));
    const three = await ingest(join(dir, 'lake-3'), 3);
    const parts = Object.keys(tables(join(dir, 'lake-1'))).filter((f) =>
      f.startsWith('bedrock_invocations/'),
    );
    // Several days, each of several parts: the buckets really were merged apart.
    expect(parts.filter((f) => f.includes('dt=2026-03-02')).length).toBeGreaterThan(2);
    expect(tables(join(dir, 'lake-3'))).toEqual(tables(join(dir, 'lake-1')));
    expect(three.recordsWritten).toBe(one.recordsWritten);
    expect(three.duplicatesDropped).toBe(one.duplicatesDropped);
    expect(three.duplicatesDropped).toBeGreaterThan(0);
    // The workers' requests are counted with this thread's: the same writes and listings. Workers
    // read back the extracts this thread just staged (it keeps them in memory): more reads.
    const { getRequests: g3, bytesRead: b3, ...writes3 } = three.requests.store;
    const { getRequests: g1, bytesRead: b1, ...writes1 } = one.requests.store;
    expect(writes3).toEqual(writes1);
    expect(g3).toBeGreaterThan(g1);
    expect(b3).toBeGreaterThan(b1);
  }, 120_000);

  it('reports the units of a day whose bucket failed, and the next run rebuilds the day whole', async () => {
    const lake = join(dir, 'lake-retry');
    const store = new FolderStore(lake);
    const config = parseConfig(truth.config);
    const pool = MergePool.open({ store, location: lake, config, workerFile }, 2) as MergePool;
    let failures = 0;
    const failing = {
      ...pool.merger,
      merge: async (prefix: string, bucket: number) => {
        if (bucket === 1 && prefix.includes('2026-03-02')) {
          failures++;
          throw new Error('bucket 1 could not be read');
        }
        return pool.merger.merge(prefix, bucket);
      },
    };
    try {
      const first = await ingestBedrockLogs(
        { source: new FolderStore(join(dir, 'raw')), store, config, clock, merger: failing },
        { bucketBytes: BUCKET_BYTES },
      );
      expect(failures).toBe(1);
      // Every unit of the day is reported, not marked done: the next run reads them again.
      expect(first.unitsFailed.length).toBeGreaterThan(0);
      expect(first.unitsFailed.every((u) => u.error.includes('2026-03-02 was not rebuilt'))).toBe(true);
      expect(first.partitions).not.toContain('2026-03-02');
      const second = await ingestBedrockLogs(
        { source: new FolderStore(join(dir, 'raw')), store, config, clock, merger: pool.merger },
        { bucketBytes: BUCKET_BYTES },
      );
      expect(second.unitsFailed).toEqual([]);
      expect(second.partitions).toContain('2026-03-02');
    } finally {
      await pool.close();
    }
    await ingest(join(dir, 'lake-ref'));
    expect(tables(lake)).toEqual(tables(join(dir, 'lake-ref')));
  }, 120_000);
});
