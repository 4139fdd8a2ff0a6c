import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnomalyHandler } from '../../functions/anomaly/create-handler';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import type { OutboundMessage } from '../../shared/ports/notifier';
import { writeUsage } from '../support/anomaly-lake';

const START = Date.parse('2026-03-01T00:00:00Z');
const AT = '2026-03-03T10:20:00Z';
const MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';

let dir: string;

function handlerFor(thresholds: object[]) {
  const config = parseConfig({ ingest: { store: dir }, anomaly: { thresholds } });
  const sent: OutboundMessage[] = [];
  const handler = createAnomalyHandler({
    config,
    s3: new S3Client({ region: 'us-east-1' }),
    iam: new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' },
    }),
    engine: () => {
      let open: Promise<DuckDbEngine> | undefined;
      return {
        query: async (sql) => {
          open ??= DuckDbEngine.open(dir);
          return (await open).query(sql);
        },
        close: async () => (open ? (await open).close() : undefined),
      };
    },
    notifier: {
      publish: async (m) => {
        sent.push(m);
        return { messageId: `m-${sent.length}` };
      },
    },
    clock: fixedClock(AT),
    logger: new Logger({ logLevel: 'SILENT' }),
    telemetry: new Metrics({ namespace: 'Test', serviceName: 'test' }),
  });
  return { handler, sent };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'anomaly-thresholds-'));
  // 50 calls of 1,000 tokens every hour: 50,000 tokens an hour, flat (nothing for a baseline to see).
  await writeUsage(new FolderStore(dir), START, 3, [
    { team: 'support', feature: 'chat', environment: 'prod', model: MODEL, calls: () => 50 },
  ]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('anomaly handler with anomaly.thresholds', () => {
  it('checks the configured static thresholds and alerts the owning team once', async () => {
    const { handler, sent } = handlerFor([
      { name: 'support-hourly', team: 'support', maxTokensPerHour: 40_000 },
    ]);
    const summary = await handler({ time: AT });
    const limits = summary.alerts.filter((a) => a.detector === 'static-threshold');
    expect(limits).toHaveLength(1);
    expect(limits[0]?.expected).toBe(40_000);
    expect(limits[0]?.observed).toBe(50_000);
    expect(sent.filter((m) => m.attributes.team === 'support')).toHaveLength(1);
    const again = await handler({ time: AT });
    expect(again.alerts).toEqual([]);
  });

  it('stays quiet when the usage is under every limit', async () => {
    const { handler } = handlerFor([{ name: 'support-hourly', team: 'support', maxTokensPerHour: 60_000 }]);
    const summary = await handler({ time: AT });
    expect(summary.alerts).toEqual([]);
  });
});
