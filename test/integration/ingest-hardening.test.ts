import { existsSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import { BuildSettingsChangedError } from '../../shared/bedrock/build-settings';
import { StoreInsideSourceError } from '../../shared/bedrock/ingest';
import { rebuildBedrockDays } from '../../shared/bedrock/rebuild';
import { type AppConfig, parseConfig } from '../../shared/config';
import { fixedClock, type ObjectStore } from '../../shared/ports';
import { hourFolder, putLog, record } from '../support/bedrock-corpus';
import { Interleaver } from '../support/interleave';

let dir: string;
const engines: DuckDbEngine[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hardening-'));
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

const clock = fixedClock('2026-03-03T06:00:00Z');
const defaults = parseConfig({});

function ingest(
  source: ObjectStore,
  store: ObjectStore,
  config: AppConfig = defaults,
  request = {},
  at = clock,
): Promise<IngestSummary> {
  return ingestBedrockLogs({ source, store, config, clock: at }, request);
}

async function rows(lake: string): Promise<Record<string, unknown>[]> {
  const engine = await DuckDbEngine.open(lake);
  engines.push(engine);
  return (
    await engine.query(
      'SELECT request_id, team, input_tokens, output_tokens, dt FROM bedrock_invocations ORDER BY request_id',
    )
  ).rows;
}

describe('ingest under concurrency', () => {
  /** Two sources feeding the same days: hour folders 22, 23 and a late 00 of 2026-03-02/03. */
  async function twoSources(): Promise<[string, string]> {
    const a = new FolderStore(join(dir, 'a'));
    const b = new FolderStore(join(dir, 'b'));
    for (const [store, prefix] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      for (const [i, hour] of ['2026-03-02T22', '2026-03-02T23', '2026-03-03T00'].entries()) {
        await putLog(store, `${hourFolder(hour)}${prefix}${i}.json.gz`, [
          record(`${prefix}-${i}-1`, `${hour}:10:00Z`, { team: prefix, input: 10 + i }),
          record(`${prefix}-${i}-2`, `2026-03-02T21:5${i}:00Z`, { team: prefix, input: 20 + i }),
          // The same call delivered by both sources: one row either way.
          record(`shared-${i}`, `${hour}:30:00Z`, { team: 'shared', input: 5 }),
        ]);
      }
    }
    return [join(dir, 'a'), join(dir, 'b')];
  }

  it('two runs interleaved at every step give the same table as one run after the other', async () => {
    const [a, b] = await twoSources();
    const serial = join(dir, 'serial');
    await ingest(new FolderStore(a), new FolderStore(serial));
    await ingest(new FolderStore(b), new FolderStore(serial));
    const expected = await rows(serial);
    expect(expected).toHaveLength(15);

    for (let seed = 1; seed <= 12; seed++) {
      const lake = join(dir, `lake-${seed}`);
      const turns = new Interleaver(seed, ['a', 'b']);
      const run = async (name: 'a' | 'b', source: string) => {
        try {
          return await ingest(
            new FolderStore(source),
            turns.store(name, new FolderStore(lake)),
            defaults,
            { batchUnits: 1, unitConcurrency: 1, concurrency: 1 },
            turns.clock(name, fixedClock('2026-03-03T06:00:00Z')),
          );
        } finally {
          turns.finish(name);
        }
      };
      const [ra, rb] = await Promise.all([run('a', a), run('b', b)]);
      expect(ra.unitsFailed, `seed ${seed}`).toEqual([]);
      expect(rb.unitsFailed, `seed ${seed}`).toEqual([]);
      expect(await rows(lake), `seed ${seed} (${turns.count} steps)`).toEqual(expected);
      // And a rerun of each finds nothing to repair.
      const again = await ingest(new FolderStore(a), new FolderStore(lake));
      expect(again.unitsRead, `seed ${seed}`).toBe(0);
    }
  });

  it('leaves the units of a day it could not lock undone, so the next run does them', async () => {
    const [a] = await twoSources();
    const lake = join(dir, 'lake');
    const store = new FolderStore(lake);
    // Another run holds the lease of 2026-03-02 and does not let go.
    const held = await store.putIf(
      '_state/leases/bedrock_invocations/dt=2026-03-02.json',
      Buffer.from(JSON.stringify({ owner: 'other', expiresAt: '2026-03-03T07:00:00.000Z' })),
      { ifAbsent: true },
    );
    expect(held).toBeDefined();
    const blocked = await ingest(new FolderStore(a), store, defaults, { lease: { waitMs: 2_000 } });
    expect(blocked.unitsFailed.length).toBe(3);
    expect(blocked.unitsFailed[0]?.error).toMatch(/dt=2026-03-02 is held by another run/);
    // Once the holder's lease has expired, the next run takes it over and finishes the work.
    const later = await ingest(new FolderStore(a), store, defaults, {}, fixedClock('2026-03-03T07:00:01Z'));
    expect(later.unitsFailed).toEqual([]);
    expect(later.unitsRead).toBe(3);
    expect(await rows(lake)).toHaveLength(9);
  });
});

describe('split folders', () => {
  it('reads a folder whose files are interrupted by a subfolder in the listing as one unit', async () => {
    const source = new FolderStore(join(dir, 'raw'));
    await putLog(source, 'exports/april.json', [record('r-april', '2026-03-01T10:00:00Z')]);
    await putLog(source, 'exports/cw/x.json', [record('r-cw', '2026-03-01T11:00:00Z')]);
    await putLog(source, 'exports/march.json', [record('r-march', '2026-03-01T12:00:00Z')]);
    const s = await ingest(source, new FolderStore(join(dir, 'lake')));
    expect(s.unitsSeen).toBe(2);
    expect(s.recordsWritten).toBe(3);
    expect((await rows(join(dir, 'lake'))).map((r) => r.request_id)).toEqual(['r-april', 'r-cw', 'r-march']);
  });
});

describe('build settings', () => {
  const mapped = parseConfig({
    attribution: { identities: [{ match: 'arn:aws:sts::111122223333:assumed-role/*', team: 'platform' }] },
  });

  async function corpus(): Promise<FolderStore> {
    const source = new FolderStore(join(dir, 'raw'));
    await putLog(source, `${hourFolder('2026-03-02T10')}a.json.gz`, [
      record('t1', '2026-03-02T10:00:00Z', { team: 'search' }),
      record('u1', '2026-03-02T10:01:00Z'),
      record('u2', '2026-03-02T10:02:00Z'),
    ]);
    return source;
  }

  it('refuses a run with other attribution settings than the store was built with, naming them', async () => {
    const source = await corpus();
    const lake = new FolderStore(join(dir, 'lake'));
    await ingest(source, lake, mapped);
    const before = await rows(join(dir, 'lake'));
    const error = await ingest(source, lake, defaults, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildSettingsChangedError);
    expect((error as Error).message).toMatch(/attribution\.identities\[0\]\.match/);
    expect((error as Error).message).toMatch(/--rebuild/);
    expect(await rows(join(dir, 'lake'))).toEqual(before);
    // The same settings again are fine.
    expect((await ingest(source, lake, mapped, { force: true })).recordsWritten).toBe(3);
  });

  it('rebuilds deliberately with new settings and reports the rows re-attributed per team', async () => {
    const source = await corpus();
    const lake = new FolderStore(join(dir, 'lake'));
    await ingest(source, lake, mapped);
    const rebuilt = await rebuildBedrockDays({ store: lake, config: defaults, clock });
    expect(rebuilt.teamsChanged).toEqual({ platform: -2, unattributed: 2 });
    expect(rebuilt.rowsReattributed).toBe(2);
    expect(rebuilt.settingsChanged.join('\n')).toMatch(/attribution\.identities/);
    // The store now remembers the new settings: a run with them is accepted, the old ones refused.
    expect((await ingest(source, lake, defaults, { force: true })).recordsWritten).toBe(3);
    await expect(ingest(source, lake, mapped)).rejects.toBeInstanceOf(BuildSettingsChangedError);
  });
});

describe('duplicates with different content', () => {
  it('keeps the same record whatever the file names, and counts the conflict', async () => {
    const results: unknown[] = [];
    for (const [first, second] of [
      ['a.json.gz', 'b.json.gz'],
      ['b.json.gz', 'a.json.gz'],
    ]) {
      const base = join(dir, `${first}`);
      const source = new FolderStore(join(base, 'raw'));
      await putLog(source, `${hourFolder('2026-03-02T10')}${first}`, [
        record('dup', '2026-03-02T10:00:00Z', { input: 100, output: 10 }),
      ]);
      await putLog(source, `${hourFolder('2026-03-02T11')}${second}`, [
        record('dup', '2026-03-02T10:00:00Z', { input: 100, output: 70 }),
      ]);
      const s = await ingest(source, new FolderStore(join(base, 'lake')));
      expect(s.duplicatesDropped).toBe(1);
      expect(s.duplicatesConflicting).toBe(1);
      results.push(await rows(join(base, 'lake')));
    }
    expect(results[0]).toEqual(results[1]);
    expect((results[0] as { output_tokens: number }[])[0]?.output_tokens).toBe(70);
  });
});

describe('bad entries in the source', () => {
  it('fails a looping or unreadable folder alone with its error code, and ingests the rest', async () => {
    const raw = join(dir, 'raw');
    const source = new FolderStore(raw);
    await putLog(source, 'good/a.json', [record('g1', '2026-03-02T10:00:00Z')]);
    await putLog(source, 'zz/b.json', [record('g2', '2026-03-02T11:00:00Z')]);
    symlinkSync(raw, join(raw, 'good', 'back-to-root'));
    symlinkSync('self', join(raw, 'self'));
    const s = await ingest(source, new FolderStore(join(dir, 'lake')));
    expect(s.recordsWritten).toBe(2);
    const codes = s.unitsFailed.map((f) => `${f.folder.slice(raw.length + 1)} ${f.code}`).sort();
    expect(codes).toEqual(['good/back-to-root/ ELOOP', 'self ELOOP']);
  });

  it('removes a temp file a killed write left behind, once it is old', async () => {
    const lake = join(dir, 'lake');
    mkdirSync(join(lake, 'bedrock_invocations', 'dt=2026-03-02'), { recursive: true });
    const stray = join(lake, 'bedrock_invocations', 'dt=2026-03-02', '.~partial-0123456789abcdef');
    writeFileSync(stray, 'half a file');
    const fresh = `${stray}-fresh`;
    writeFileSync(fresh, 'a write in progress');
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stray, old, old);
    const source = new FolderStore(join(dir, 'raw'));
    await putLog(source, `${hourFolder('2026-03-02T10')}a.json.gz`, [record('r1', '2026-03-02T10:00:00Z')]);
    await ingest(source, new FolderStore(lake));
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('refuses a store inside the source', async () => {
    const source = new FolderStore(join(dir, 'raw'));
    await putLog(source, 'a.json', [record('r1', '2026-03-02T10:00:00Z')]);
    await expect(ingest(source, new FolderStore(join(dir, 'raw', 'lake')))).rejects.toBeInstanceOf(
      StoreInsideSourceError,
    );
    await expect(ingest(source, new FolderStore(join(dir, 'raw')))).rejects.toBeInstanceOf(
      StoreInsideSourceError,
    );
  });

  it('rejects records dated outside the accepted range instead of writing a partition for them', async () => {
    const source = new FolderStore(join(dir, 'raw'));
    await putLog(source, 'exports/x.json', [
      record('ok', '2026-03-02T10:00:00Z'),
      record('far', '9999-12-31T00:00:00Z'),
      record('old', '2021-06-01T00:00:00Z'),
    ]);
    const s = await ingest(source, new FolderStore(join(dir, 'lake')));
    expect(s.partitions).toEqual(['2026-03-02']);
    expect(s.rejectReasons).toEqual({ out_of_range_timestamp: 2 });
  });
});
