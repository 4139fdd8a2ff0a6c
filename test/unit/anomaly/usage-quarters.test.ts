import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import type { QueryTally } from '../../../shared/anomaly/sql';
import { UnitPrices } from '../../../shared/anomaly/unit-prices';
import { readQuarterUsage } from '../../../shared/anomaly/usage-quarters';
import { dimensionsKey } from '../../../shared/anomaly/usage-series';
import { detectionWindow } from '../../../shared/anomaly/window';
import type { QueryEngine, SqlValue } from '../../../shared/ports/query-engine';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';

const trino = new TrinoSQL();
const MODEL = 'amazon.nova-lite-v1:0';
const dims = { team: 'support', feature: 'chat', environment: 'prod', model: MODEL };

/** An engine that answers the quarter query, then the shares query, and keeps the SQL it was sent. */
function engine(quarters: Record<string, SqlValue>[], shares: Record<string, SqlValue>[]) {
  const sent: string[] = [];
  const e: QueryEngine = {
    query: async (sql) => {
      sent.push(sql);
      const rows = sent.length === 1 ? quarters : shares;
      return { columns: [], rows, bytesScanned: 1000, engine: 'athena' };
    },
    close: async () => {},
  };
  return { e, sent };
}

const row = (hour: string, minute: number, invocations: number) => ({
  ...dims,
  hour,
  minute,
  region: 'us-east-1',
  invocations,
  errors: 0,
  input_tokens: invocations * 800,
  output_tokens: invocations * 200,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
});

describe('readQuarterUsage', () => {
  // 10:35: hours before 10:00 are the hourly series'; 10:00 and 10:15 have ended, 10:30 has not.
  const window = detectionWindow(new Date('2026-03-10T10:35:00Z'));
  const prices = new UnitPrices(shippedPriceBook(), '2026-03-10');

  it('returns the ended quarters of the hours not yet complete, priced, with each quarter’s usual share', async () => {
    const { e, sent } = engine(
      [
        row('2026-03-10 09:00:00.000', 45, 7),
        row('2026-03-10 10:00:00.000', 0, 10),
        row('2026-03-10 10:00:00.000', 15, 20),
        row('2026-03-10 10:00:00.000', 30, 5),
      ],
      [0, 15, 30, 45].map((minute) => ({
        ...dims,
        minute,
        invocations: minute === 0 ? 700 : 100,
        tokens: 1e5,
        hours: 168,
      })),
    );
    const tally: QueryTally = { queries: 0, bytesScanned: 0 };
    const got = await readQuarterUsage(e, tally, window, prices);
    const q = got.get(dimensionsKey(dims));
    expect([...(q?.quarters.keys() ?? [])].map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-10T10:00:00.000Z',
      '2026-03-10T10:15:00.000Z',
    ]);
    expect(q?.quarters.get(Date.parse('2026-03-10T10:15:00Z'))?.tokens).toBe(20_000);
    expect(q?.quarters.get(Date.parse('2026-03-10T10:15:00Z'))?.cost).toBeGreaterThan(0);
    expect(q?.priced).toBe(true);
    // 700 of 1,000 calls in the first quarter, smoothed a little towards an even split.
    expect(q?.shares.invocations[0]).toBeGreaterThan(0.65);
    expect(q?.shares.invocations[0]).toBeLessThan(0.7);
    expect(q?.shares.tokens[1]).toBeCloseTo(0.25, 6);
    expect(tally).toEqual({ queries: 2, bytesScanned: 2000 });
    // Both queries are Trino (Athena), dt-bounded to a day or a week, never the 8-week window.
    for (const sql of sent) expect(trino.validate(sql)).toEqual([]);
    expect(sent[0]).toContain("dt BETWEEN '2026-03-10' AND '2026-03-10'");
    expect(sent[1]).toContain("dt BETWEEN '2026-03-03' AND '2026-03-10'");
  });

  it('asks nothing more when no quarter has rows', async () => {
    const { e, sent } = engine([], []);
    const got = await readQuarterUsage(e, { queries: 0, bytesScanned: 0 }, window, prices);
    expect(got.size).toBe(0);
    expect(sent).toHaveLength(1);
  });
});
