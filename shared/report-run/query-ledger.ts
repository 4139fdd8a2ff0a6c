import type { QueryEngine, QueryResult } from '../ports/query-engine';

/**
 * A report run's view of its query engine. An SQL text already run in this run is answered with
 * that result instead of being sent again: the report and its recommendations both read
 * `gpu-efficiency` and `unit-costs` over the same window, and the lake does not change within a
 * run. It also counts what was sent, since Athena bills every query at least 10 MB scanned.
 */
export class QueryLedger implements QueryEngine {
  /** Queries sent to the engine. */
  sent = 0;
  /** Queries answered from this run's earlier result of the same SQL text. */
  reused = 0;
  /** Bytes the sent queries scanned (reused answers scan nothing). */
  bytesScanned = 0;
  private readonly results = new Map<string, Promise<QueryResult>>();

  constructor(private readonly engine: QueryEngine) {}

  async query(sql: string): Promise<QueryResult> {
    const known = this.results.get(sql);
    if (known) {
      const result = await known;
      this.reused++;
      return { ...result, bytesScanned: 0 };
    }
    this.sent++;
    const pending = this.engine.query(sql);
    this.results.set(sql, pending);
    try {
      const result = await pending;
      this.bytesScanned += result.bytesScanned;
      return result;
    } catch (error) {
      // A failed query is sent again if asked for again, not answered with its failure.
      this.results.delete(sql);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
