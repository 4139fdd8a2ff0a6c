import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { readUsage } from '../../../shared/anomaly/read-usage';
import type { QueryTally } from '../../../shared/anomaly/sql';
import { UnitPrices } from '../../../shared/anomaly/unit-prices';
import { dimensionsKey } from '../../../shared/anomaly/usage-series';
import { detectionWindow } from '../../../shared/anomaly/window';
import type { QueryEngine, SqlValue } from '../../../shared/ports/query-engine';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';

const trino = new TrinoSQL();
const MODEL = 'amazon.nova-lite-v1:0';
const dims = { team: 'support', feature: 'chat', environment: 'prod', model: MODEL };

/** An engine that answers every query with `rows` and keeps the SQL it was sent. */
function engine(rows: Record<string, SqlValue>[]) {
  const sent: string[] = [];
  const e: QueryEngine = {
    query: async (sql) => {
      sent.push(sql);
      return { columns: [], rows, bytesScanned: 1000, engine: 'athena' };
    },
    close: async () => {},
  };
  return { e, sent };
}

const row = (hour: string, minute: number | null, invocations: number) => ({
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

/** Ten complete hours of the week before, 70 calls in the first quarter and 10 in each other. */
const week = Array.from(
  { length: 10 },
  (_, i) => `2026-03-09 ${String(10 + i).padStart(2, '0')}:00:00.000`,
).flatMap((hour) => [0, 15, 30, 45].map((minute) => row(hour, minute, minute === 0 ? 70 : 10)));

describe('readUsage', () => {
  // 10:35: hours before 10:00 are the hourly series'; 10:00 and 10:15 have ended, 10:30 has not.
  const window = detectionWindow(new Date('2026-03-10T10:35:00Z'));
  const prices = new UnitPrices(shippedPriceBook(), '2026-03-10');

  it('reads the hourly series, the ended quarters and their usual shares in one query', async () => {
    const { e, sent } = engine([
      row('2026-02-20 09:00:00.000', null, 40),
      ...week,
      row('2026-03-10 09:00:00.000', 45, 7),
      row('2026-03-10 10:00:00.000', 0, 10),
      row('2026-03-10 10:00:00.000', 15, 20),
      row('2026-03-10 10:00:00.000', 30, 5),
    ]);
    const tally: QueryTally = { queries: 0, bytesScanned: 0 };
    const got = await readUsage(e, tally, window, prices);
    expect(tally).toEqual({ queries: 1, bytesScanned: 1000 });
    // Trino (Athena), over the detection window's days only.
    expect(sent).toHaveLength(1);
    expect(trino.validate(sent[0] as string)).toEqual([]);
    expect(sent[0]).toContain(`dt BETWEEN '${window.from}' AND '${window.to}'`);
    // Quarters are kept from the start of the day a week before the first incomplete hour.
    expect(sent[0]).toContain("CAST('2026-03-03 00:00:00.000' AS TIMESTAMP)");

    const series = got.series.find((s) => dimensionsKey(s.dimensions) === dimensionsKey(dims));
    const at = (iso: string) => series?.timestamps.indexOf(Date.parse(iso)) ?? -1;
    // An hour's quarters are summed into it; the hour before the quarters stands alone.
    expect(series?.invocations[at('2026-03-09T10:00:00Z')]).toBe(70 + 3 * 10);
    expect(series?.invocations[at('2026-02-20T09:00:00Z')]).toBe(40);
    expect(series?.invocations[at('2026-03-10T09:00:00Z')]).toBe(7);
    expect(at('2026-03-10T10:00:00Z')).toBe(-1);

    const q = got.quarters.get(dimensionsKey(dims));
    expect([...(q?.quarters.keys() ?? [])].map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-10T10:00:00.000Z',
      '2026-03-10T10:15:00.000Z',
    ]);
    expect(q?.quarters.get(Date.parse('2026-03-10T10:15:00Z'))?.tokens).toBe(20_000);
    expect(q?.quarters.get(Date.parse('2026-03-10T10:15:00Z'))?.cost).toBeGreaterThan(0);
    expect(q?.priced).toBe(true);
    // 700 of 1,000 calls in the first quarter, smoothed towards an even split (ten hours say little).
    expect(q?.shares.invocations[0]).toBeGreaterThan(0.5);
    expect(q?.shares.invocations[0]).toBeLessThan(0.7);
    expect(q?.shares.invocations[1]).toBeCloseTo(q?.shares.invocations[2] ?? 0, 9);
    expect(q?.shares.invocations.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('returns no quarters when no quarter of the incomplete hours has rows', async () => {
    const { e } = engine([row('2026-03-10 08:00:00.000', 0, 10)]);
    const got = await readUsage(e, { queries: 0, bytesScanned: 0 }, window, prices);
    expect(got.quarters.size).toBe(0);
    expect(got.series).toHaveLength(1);
  });
});
