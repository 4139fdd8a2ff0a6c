import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { markSlowReads, SLOW_READS_KEY, slowReadsDue } from '../../../shared/anomaly/slow-families';
import { readState } from '../../../shared/anomaly/state-object';
import { detectionWindow } from '../../../shared/anomaly/window';

let dir: string;
let store: FolderStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slow-families-'));
  store = new FolderStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (iso: string) => detectionWindow(new Date(iso));

describe('slowReadsDue', () => {
  it('returns true on the first hourly run and on the first run past each newly complete hour', async () => {
    expect(await slowReadsDue(store, at('2026-03-10T10:20:00Z'), 'hourly')).toBe(true);
    await markSlowReads(store, at('2026-03-10T10:20:00Z'));
    expect(await slowReadsDue(store, at('2026-03-10T10:35:00Z'), 'hourly')).toBe(false);
    expect(await slowReadsDue(store, at('2026-03-10T11:05:00Z'), 'hourly')).toBe(false);
    // 11:00 is settled at 11:15: the hour 10:00 is new to judge.
    expect(await slowReadsDue(store, at('2026-03-10T11:15:00Z'), 'hourly')).toBe(true);
  });

  it('leaves no gap after a missed run and never moves the judged hour back', async () => {
    await markSlowReads(store, at('2026-03-10T10:20:00Z'));
    // The 11:20 and 12:20 runs did not happen: the 12:35 run judges both hours.
    expect(await slowReadsDue(store, at('2026-03-10T12:35:00Z'), 'hourly')).toBe(true);
    await markSlowReads(store, at('2026-03-10T12:35:00Z'));
    await markSlowReads(store, at('2026-03-10T09:20:00Z'));
    const kept = await readState<{ judgedBefore: string }>(store, SLOW_READS_KEY);
    expect(kept?.value.judgedBefore).toBe(new Date(at('2026-03-10T12:35:00Z').completeBefore).toISOString());
    // A replay of an earlier time in hourly mode reads nothing slow; `always` reads every time.
    expect(await slowReadsDue(store, at('2026-03-10T09:20:00Z'), 'hourly')).toBe(false);
    expect(await slowReadsDue(store, at('2026-03-10T09:20:00Z'), 'always')).toBe(true);
  });
});
