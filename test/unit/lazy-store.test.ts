import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LazyStore } from '../../shared/adapters/lazy-store';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { collect } from '../support/object-store-contract';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lazy-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LazyStore', () => {
  it('builds the store once, at the first request, and passes every call through to it', async () => {
    let builds = 0;
    const lazy = new LazyStore('inner', async () => {
      builds++;
      return new FolderStore(dir);
    });
    expect(builds).toBe(0);
    await Promise.all([lazy.put('a/x.txt', Buffer.from('one')), lazy.put('a/y.txt', Buffer.from('two'))]);
    expect(builds).toBe(1);
    expect(Buffer.from(await lazy.getBytes('a/x.txt')).toString()).toBe('one');
    expect((await collect(lazy.list('a/'))).map((o) => o.key)).toEqual(['a/x.txt', 'a/y.txt']);
    expect((await lazy.listFolder('')).folders).toEqual(['a/']);
    expect((await lazy.head('a/y.txt'))?.size).toBe(3);
    expect(await lazy.putIf('b.txt', Buffer.from('b'), { ifAbsent: true })).toBeDefined();
    expect(await lazy.putIf('b.txt', Buffer.from('c'), { ifAbsent: true })).toBeUndefined();
    await lazy.delete(['a/x.txt']);
    expect(await lazy.head('a/x.txt')).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const c of await lazy.get('a/y.txt')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('two');
    expect(builds).toBe(1);
    expect(lazy.uri).toBe('inner');
  });

  it('keeps counts added before the store was built, and then counts in the store built', async () => {
    const inner = new FolderStore(dir);
    const lazy = new LazyStore('inner', async () => inner);
    lazy.stats.getRequests += 2;
    await lazy.put('x', Buffer.from('x'));
    expect(inner.stats.getRequests).toBe(2);
    expect(lazy.stats).toBe(inner.stats);
    expect(lazy.stats.putRequests).toBe(inner.stats.putRequests);
    expect(lazy.stats.putRequests).toBeGreaterThan(0);
  });
});
