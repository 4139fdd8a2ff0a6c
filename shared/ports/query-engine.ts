/**
 * A scalar as the query engines hand it back, exactly:
 * - integers (`bigint`, DuckDB's HUGEINT sums, …): a `number` when `Number.isSafeInteger`, else a `bigint`;
 * - `decimal(p,s)`: the exact decimal text with all `s` digits (`'1234.5600'`), never a lossy double;
 * - `double`/`real`: a `number`; timestamps: `YYYY-MM-DD HH:MM:SS.sss` (UTC); dates: `YYYY-MM-DD`.
 */
export type SqlValue = string | number | bigint | boolean | null;

export interface QueryColumn {
  name: string;
  /** The engine's type name, lower case (`varchar`, `bigint`, `double`, `timestamp`, …). */
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, SqlValue>[];
  /** Bytes the engine read to answer (Athena bills these; DuckDB reports the Parquet bytes it opened). */
  bytesScanned: number;
  engine: 'athena' | 'duckdb';
}

/**
 * Query engine port: Athena in AWS, DuckDB over the same Parquet files locally.
 * SQL is written in the portable Trino/DuckDB subset and names the curated tables
 * (`bedrock_invocations`, …) unqualified.
 */
export interface QueryEngine {
  query(sql: string): Promise<QueryResult>;
  close(): Promise<void>;
}
