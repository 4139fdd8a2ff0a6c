import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { partKey } from '../../shared/lake/partition-writer';
import { bedrockInvocations, identityDaily } from '../../shared/lake/tables';
import { listUsageDays, usageDaysOf } from '../../shared/sql/finops/usage-days';
import { type S3TestServer, startS3Server } from '../support/s3-server';

let server: S3TestServer;
let lake: S3Store;

beforeAll(async () => {
  server = await startS3Server(['usage-days-lake']);
  lake = new S3Store({ client: server.client(), bucket: 'usage-days-lake', prefix: 'curated' });
  const put = (key: string) => lake.put(key, Buffer.from('PAR1'));
  // 2026-03-04's aggregate is older than the day's invocations (a rebuild that stopped before it).
  await put(partKey(identityDaily, '2026-03-04', 0));
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  for (const day of ['2026-02-27', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']) {
    await put(partKey(bedrockInvocations, day, 0));
  }
  await put(partKey(bedrockInvocations, '2026-03-02', 1));
  // The aggregate exists for some days only (the others were rebuilt before it), and for one day
  // whose invocations are gone: that day has no usage to read.
  for (const day of ['2026-03-01', '2026-03-03', '2026-03-05']) await put(partKey(identityDaily, day, 0));
  // An object beside the parts is no part.
  await put('identity_daily/dt=2026-03-02/README.txt');
});
afterAll(() => server?.stop());

describe('usage days on S3', () => {
  it('lists the parts of both tables and splits the window, a stale aggregate left out', async () => {
    expect(await listUsageDays(lake, '2026-03-01', '2026-03-31')).toEqual({
      identityDaily: ['2026-03-01', '2026-03-03'],
      invocations: ['2026-03-02', '2026-03-04'],
    });
  });

  it('lists each table once for every window of a run', async () => {
    const days = usageDaysOf(lake);
    const before = lake.stats.listRequests;
    const february = await days('2026-02-01', '2026-02-28');
    const week = await days('2026-03-02', '2026-03-08');
    expect(february).toEqual({ identityDaily: [], invocations: ['2026-02-27'] });
    expect(week).toEqual({ identityDaily: ['2026-03-03'], invocations: ['2026-03-02', '2026-03-04'] });
    expect(lake.stats.listRequests - before).toBe(2);
    expect(await days('2026-03-04', '2026-03-04')).toEqual({
      identityDaily: [],
      invocations: ['2026-03-04'],
    });
  });
});
