import type { QueryResult } from '../ports/query-engine';

/** Which engine raised the error. */
export type QueryEngineName = QueryResult['engine'];

/** Base class of every query-engine adapter error; `cause` carries the SDK or DuckDB error. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The engine ran the query and it did not succeed: a syntax or binder error, a missing
 * table, an Athena FAILED or CANCELLED state. `reason` is the engine's own message.
 */
export class QueryFailedError extends QueryError {
  override name = 'QueryFailedError';
  readonly engine: QueryEngineName;
  /** `FAILED` or `CANCELLED` (Athena's states; DuckDB errors are always `FAILED`). */
  readonly state: string;
  readonly reason: string;
  /** Athena's `QueryExecutionId`; undefined for DuckDB. */
  readonly queryExecutionId: string | undefined;
  /** Athena's `AthenaError.Retryable`, when it says. */
  readonly retryable: boolean | undefined;
  constructor(
    details: {
      engine: QueryEngineName;
      state: string;
      reason: string;
      queryExecutionId?: string;
      retryable?: boolean;
    },
    options?: { cause?: unknown },
  ) {
    const id = details.queryExecutionId ? ` ${details.queryExecutionId}` : '';
    super(`${details.engine} query${id} ${details.state}: ${details.reason}`, options);
    this.engine = details.engine;
    this.state = details.state;
    this.reason = details.reason;
    this.queryExecutionId = details.queryExecutionId;
    this.retryable = details.retryable;
  }
}

/** The query did not reach a final state within `timeoutMs` (Athena asks for it to be stopped). */
export class QueryTimeoutError extends QueryError {
  override name = 'QueryTimeoutError';
  readonly engine: QueryEngineName;
  readonly timeoutMs: number;
  /** Athena's `QueryExecutionId`; undefined for DuckDB. */
  readonly queryExecutionId: string | undefined;
  constructor(
    details: { engine: QueryEngineName; timeoutMs: number; queryExecutionId?: string },
    options?: { cause?: unknown },
  ) {
    const id = details.queryExecutionId ? ` ${details.queryExecutionId}` : '';
    super(`${details.engine} query${id} did not finish within ${details.timeoutMs} ms`, options);
    this.engine = details.engine;
    this.timeoutMs = details.timeoutMs;
    this.queryExecutionId = details.queryExecutionId;
  }
}

/**
 * The engine refused to run the SQL at all: more than one statement, or a statement that could
 * change files or settings (DuckDB runs read-only queries only). Nothing was executed.
 */
export class QueryRejectedError extends QueryError {
  override name = 'QueryRejectedError';
  readonly engine: QueryEngineName;
  constructor(engine: QueryEngineName, message: string) {
    super(`${engine} query rejected: ${message}`);
    this.engine = engine;
  }
}
