import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import { hourFolder, putLog, record } from '../support/bedrock-corpus';

let engine: DuckDbEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('usage_hourly', () => {
  it('holds, per quarter hour and dimensions, exactly the sums of bedrock_invocations, also for a bucketed day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const source = new FolderStore(join(dir, 'raw'));
    const lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      const minute = String(i % 60).padStart(2, '0');
      const r = record(`r${i}`, `2026-03-02T1${i % 3}:${minute}:0${i % 10}Z`, {
        team: ['a', 'b', 'c'][i % 3],
        model: i % 4 === 0 ? 'us.anthropic.claude-haiku-4-5-20251001-v1:0' : 'amazon.nova-lite-v1:0',
        input: 10 + i,
        output: i % 7,
      });
      if (i % 11 === 0) r.errorCode = 'ThrottlingException';
      lines.push(r);
    }
    await putLog(source, `${hourFolder('2026-03-02T12')}a.json.gz`, lines);
    // A duplicate delivery: counted once in both tables.
    await putLog(source, `${hourFolder('2026-03-02T13')}b.json.gz`, lines.slice(0, 50));
    const lake = join(dir, 'lake');
    await ingestBedrockLogs(
      {
        source,
        store: new FolderStore(lake),
        config: parseConfig({}),
        clock: fixedClock('2026-03-03T00:00:00Z'),
      },
      { bucketBytes: 4_000 },
    );
    engine = await DuckDbEngine.open(lake);
    const fromRows = await engine.query(`
      SELECT date_trunc('hour', event_time) AS hour, CAST(floor(minute(event_time) / 15) * 15 AS BIGINT) AS minute,
             team, model, CAST(COUNT(*) AS BIGINT) AS invocations, CAST(count_if(error_code IS NOT NULL) AS BIGINT) AS errors,
             CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens
      FROM bedrock_invocations GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    const fromAggregate = await engine.query(`
      SELECT hour, minute, team, model, CAST(SUM(invocations) AS BIGINT) AS invocations, CAST(SUM(errors) AS BIGINT) AS errors,
             CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens
      FROM usage_hourly GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    expect(fromRows.rows.length).toBeGreaterThan(20);
    expect(fromAggregate.rows).toEqual(fromRows.rows);
    const total = await engine.query('SELECT CAST(SUM(invocations) AS BIGINT) AS n FROM usage_hourly');
    expect(total.rows[0]?.n).toBe(400);
  });
});
