import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { systemClock } from '../../shared/ports';
import { generateSyntheticLogs } from '../../src/demo';

describe('synthetic generator with incidents', () => {
  it('writes exactly the ground truth it reports, incidents included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthetic-incidents-'));
    const raw = new FolderStore(join(dir, 'raw'));
    const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
      seed: 5,
      start: new Date('2026-03-02T00:00:00Z'),
      hours: 60,
      invocationsPerHour: 60,
      bodies: 'small',
      faults: { duplicates: 0.02, lateArrivals: 0.02, badLines: 0.01 },
      incidents: true,
    });
    expect(truth.incidents?.map((i) => i.kind)).toEqual(['spike', 'runaway', 'run-up', 'outage']);
    expect(truth.byTeamModel.some((t) => t.team === 'growth' && t.model.includes('sonnet'))).toBe(true);
    const summary = await ingestBedrockLogs({
      source: raw,
      store: new FolderStore(join(dir, 'lake')),
      config: parseConfig(truth.config),
      clock: systemClock,
    });
    expect(summary.recordsWritten).toBe(truth.records);
    expect(summary.duplicatesDropped).toBe(truth.duplicates);
    const engine = await DuckDbEngine.open(join(dir, 'lake'));
    try {
      const result = await engine.query(`SELECT team, model, COUNT(*) AS invocations,
        CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens
        FROM bedrock_invocations GROUP BY team, model ORDER BY team, model`);
      const rows = result.rows.map((r) => ({
        team: r.team,
        model: r.model,
        invocations: Number(r.invocations),
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
      }));
      expect(rows).toEqual(
        truth.byTeamModel.map(({ team, model, invocations, inputTokens, outputTokens }) => ({
          team,
          model,
          invocations,
          inputTokens,
          outputTokens,
        })),
      );
      // The outage: no records of its series in its hours.
      const outage = truth.incidents?.find((i) => i.kind === 'outage');
      const during = await engine.query(`SELECT COUNT(*) AS n FROM bedrock_invocations
        WHERE team = '${outage?.team}' AND feature = '${outage?.feature}' AND model = '${outage?.model}'
        AND epoch_ms(event_time) >= ${outage?.startMs} AND epoch_ms(event_time) < ${outage?.endMs}`);
      expect(Number(during.rows[0]?.n)).toBe(0);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
