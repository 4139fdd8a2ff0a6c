import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import {
  folderRange,
  listSourceUnits,
  type SkipCounts,
  skipReason,
} from '../../shared/bedrock/source-layout';

const hour = 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/03/02/14/';

describe('skipReason', () => {
  const cases: [string, string | undefined][] = [
    [`${hour}20260302T140731Z_ab.json.gz`, undefined],
    [`${hour}data/6f1c_input.json.gz`, 'body_object'],
    [`${hour}6f1c_output.json.gz`, 'body_object'],
    [`logs/AWSLogs/111122223333/BedrockModelInvocationLogs/permission-check`, 'marker_object'],
    ['AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/02/x.json.gz', 'other_aws_logs'],
    ['exports/cloudwatch/000000.gz', undefined],
    ['exports/readme.md', 'not_a_log_file'],
    ['/home/me/data/20260302.json.gz', undefined],
  ];
  for (const [key, reason] of cases) {
    it(`returns ${reason ?? 'nothing (a record file)'} for ${key}`, () => {
      expect(skipReason(key, 10)).toBe(reason);
    });
  }
  it('skips empty objects', () => {
    expect(skipReason(`${hour}x.json.gz`, 0)).toBe('empty_object');
  });
});

describe('folderRange', () => {
  it('returns the hour, day, month and year a layout folder covers', () => {
    expect(folderRange(hour)).toEqual({ start: Date.UTC(2026, 2, 2, 14), end: Date.UTC(2026, 2, 2, 15) });
    expect(folderRange('x/BedrockModelInvocationLogs/eu-west-1/2026/03/')).toEqual({
      start: Date.UTC(2026, 2, 1),
      end: Date.UTC(2026, 3, 1),
    });
    expect(folderRange('exports/2026/')).toBeUndefined();
  });
});

describe('listSourceUnits', () => {
  it('walks only Bedrock folders in the window, counting one listing per folder level', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'layout-')));
    await store.put(`${hour}a.json.gz`, Buffer.from('x'));
    await store.put(
      'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/03/01/10/b.json.gz',
      Buffer.from('x'),
    );
    for (let d = 1; d <= 9; d++)
      await store.put(`AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/0${d}/t.json.gz`, Buffer.from('x'));
    const skipped: SkipCounts = {};
    const units = [];
    const window = { from: new Date(Date.UTC(2026, 2, 2, 13)), to: new Date(Date.UTC(2026, 2, 2, 16)) };
    for await (const u of listSourceUnits(store, window, skipped)) units.push(u);
    expect(units.map((u) => u.folder)).toEqual([hour]);
    expect(units[0]?.accountId).toBe('111122223333');
    expect(units[0]?.hour?.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    // root, AWSLogs/, account, Bedrock, region, year, month, day, hour: CloudTrail is never listed.
    expect(store.stats.listRequests).toBe(9);
  });

  it('without a window, reads every log file but other services’ logs', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'layout-')));
    await store.put(`${hour}a.json.gz`, Buffer.from('x'));
    await store.put('exports/000000.gz', Buffer.from('x'));
    await store.put('AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/02/t.json.gz', Buffer.from('x'));
    const skipped: SkipCounts = {};
    const units = [];
    for await (const u of listSourceUnits(store, undefined, skipped)) units.push(u.folder);
    expect(units).toEqual([hour, 'exports/']);
    expect(skipped).toEqual({ other_aws_logs: 1 });
  });
});
