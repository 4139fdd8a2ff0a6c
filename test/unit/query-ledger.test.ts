import { describe, expect, it } from 'vitest';
import type { QueryEngine, QueryResult } from '../../shared/ports/query-engine';
import { QueryLedger } from '../../shared/report-run/query-ledger';

/** An engine that answers each SQL text with its length in one row, scanning 10 MB, or fails it once. */
function engine(failOnce: Set<string> = new Set()) {
  const sent: string[] = [];
  const inner: QueryEngine = {
    async query(sql: string): Promise<QueryResult> {
      sent.push(sql);
      if (failOnce.delete(sql)) throw new Error(`failed: ${sql}`);
      return {
        columns: [{ name: 'n', type: 'bigint' }],
        rows: [{ n: sql.length }],
        bytesScanned: 10_000_000,
        engine: 'athena',
      };
    },
    close: async () => undefined,
  };
  return { inner, sent };
}

describe('QueryLedger', () => {
  it('returns the earlier result of the same SQL text without sending it again, scanning nothing', async () => {
    const { inner, sent } = engine();
    const ledger = new QueryLedger(inner);
    const first = await ledger.query('SELECT 1');
    const again = await ledger.query('SELECT 1');
    await ledger.query('SELECT 22');
    expect(sent).toEqual(['SELECT 1', 'SELECT 22']);
    expect(again.rows).toEqual(first.rows);
    expect(again.bytesScanned).toBe(0);
    expect([ledger.sent, ledger.reused, ledger.bytesScanned]).toEqual([2, 1, 20_000_000]);
  });

  describe('when a query fails', () => {
    it('sends it again when asked again, and counts both sends', async () => {
      const { inner, sent } = engine(new Set(['SELECT 1']));
      const ledger = new QueryLedger(inner);
      await expect(ledger.query('SELECT 1')).rejects.toThrow('failed: SELECT 1');
      const retried = await ledger.query('SELECT 1');
      expect(retried.rows).toEqual([{ n: 8 }]);
      expect(sent).toEqual(['SELECT 1', 'SELECT 1']);
      expect([ledger.sent, ledger.reused, ledger.bytesScanned]).toEqual([2, 0, 10_000_000]);
    });
  });
});
