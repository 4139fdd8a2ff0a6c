import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { mirrorPath, mirrorTables } from '../../shared/adapters/local/mirror';
import { bedrockInvocations } from '../../shared/lake/tables';
import { emptyStoreStats, type ObjectInfo, type ObjectStore } from '../../shared/ports';
import { InvalidKeyError } from '../../shared/ports/store-errors';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

/** A store that lists exactly `objects` (whatever the prefix) and serves `body` for each; records gets. */
function fakeStore(objects: ObjectInfo[], body = 'PAR1'): ObjectStore & { gets: string[] } {
  const gets: string[] = [];
  const unused = () => {
    throw new Error('not used by the mirror');
  };
  return {
    uri: 'fake://store',
    stats: emptyStoreStats(),
    gets,
    async *list() {
      yield* objects;
    },
    listFolder: unused,
    async get(key: string) {
      gets.push(key);
      return Readable.from([Buffer.from(body)]);
    },
    getBytes: unused,
    put: unused,
    delete: unused,
    head: unused,
    putIf: unused,
  };
}

/** A cache folder two levels inside a fresh temp root, so `../..` lands in a folder the test owns. */
function cacheDir(): { root: string; cache: string } {
  const root = mkdtempSync(join(tmpdir(), 'mirror-'));
  roots.push(root);
  const cache = join(root, 'a', 'cache');
  mkdirSync(cache, { recursive: true });
  return { root, cache };
}

describe('mirrorTables', () => {
  it('copies the Parquet objects of each table into the cache', async () => {
    const { cache } = cacheDir();
    const key = 'bedrock_invocations/dt=2026-03-02/part-00000.parquet';
    const stats = await mirrorTables(fakeStore([{ key, size: 4, etag: 'e1' }]), cache, [bedrockInvocations]);
    expect(stats).toEqual({ objects: 1, downloaded: 1, bytesDownloaded: 4, removed: 0 });
    expect(readFileSync(join(cache, key), 'utf8')).toBe('PAR1');
  });

  describe('keys that would leave the cache', () => {
    it.each([
      'bedrock_invocations/../../x.parquet',
      'bedrock_invocations/dt=2026-03-02/../../../x.parquet',
      'bedrock_invocations/./x.parquet',
      'bedrock_invocations//x.parquet',
      'other_table/x.parquet',
    ])('refuses %s before downloading or writing anything', async (key) => {
      const { root, cache } = cacheDir();
      const store = fakeStore([{ key, size: 4, etag: 'e1' }]);
      await expect(mirrorTables(store, cache, [bedrockInvocations])).rejects.toBeInstanceOf(InvalidKeyError);
      expect(store.gets).toEqual([]);
      expect(existsSync(join(root, 'x.parquet'))).toBe(false);
      expect(existsSync(join(root, 'a', 'x.parquet'))).toBe(false);
    });

    it('does not delete files outside the cache named by a tampered manifest', async () => {
      const { root, cache } = cacheDir();
      const victim = join(root, 'victim.parquet');
      writeFileSync(victim, 'keep me');
      writeFileSync(
        join(cache, '.mirror.json'),
        JSON.stringify({ 'bedrock_invocations/../../../victim.parquet': '4:e1' }),
      );
      const stats = await mirrorTables(fakeStore([]), cache, [bedrockInvocations]);
      expect(stats.removed).toBe(0);
      expect(readFileSync(victim, 'utf8')).toBe('keep me');
    });
  });
});

describe('mirrorPath', () => {
  it('resolves a valid key inside the root', () => {
    expect(mirrorPath('/cache', 't/dt=2026-03-02/p.parquet', 't/')).toBe(
      resolve('/cache/t/dt=2026-03-02/p.parquet'),
    );
  });

  it('names the key and the problem', () => {
    expect(() => mirrorPath('/cache', 't/../../x.parquet', 't/')).toThrow(
      'invalid object key "t/../../x.parquet": must not contain a ".." segment',
    );
    expect(() => mirrorPath('/cache', 'u/x.parquet', 't/')).toThrow(/is not under t\//);
  });
});
