import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { QueryColumn, QueryEngine, QueryResult, SqlValue } from '../../ports/query-engine';
import { QueryError, QueryFailedError, QueryTimeoutError } from '../query-errors';

/** How `AthenaEngine` reaches Athena; tests inject `sleep` so backoff takes no time. */
export interface AthenaEngineOptions {
  client: AthenaClient;
  workgroup: string;
  database: string;
  /** Default `AwsDataCatalog` (the Glue Data Catalog). */
  catalog?: string;
  /** Results prefix `s3://…/`; omit when the workgroup enforces its own. */
  outputLocation?: string;
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for a final state (summed pauses between polls) before stopping the query. Default 10 min. */
  timeoutMs?: number;
  /** Reuse an identical query's results up to this age (engine v3; reused results scan nothing). */
  resultReuseMinutes?: number;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;
const MAX_ATTEMPTS = 6;
const PAGE_SIZE = 1_000;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException']);
const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT_TYPES = new Set(['double', 'real', 'float']);

/**
 * The AWS query engine: StartQueryExecution in a workgroup, poll GetQueryExecution with
 * backoff (250 ms doubling to 5 s), then page through GetQueryResults, typing each
 * string cell by its column's type. Throttled calls are retried up to 6 attempts.
 */
export class AthenaEngine implements QueryEngine {
  private readonly client: AthenaClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timeoutMs: number;

  constructor(private readonly options: AthenaEngineOptions) {
    this.client = options.client;
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs `sql`; FAILED or CANCELLED → `QueryFailedError`, too slow → `QueryTimeoutError`. */
  async query(sql: string): Promise<QueryResult> {
    const { workgroup, database, catalog, outputLocation, resultReuseMinutes } = this.options;
    const started = await this.call('StartQueryExecution', () =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          QueryExecutionContext: { Database: database, Catalog: catalog ?? 'AwsDataCatalog' },
          WorkGroup: workgroup,
          ...(outputLocation ? { ResultConfiguration: { OutputLocation: outputLocation } } : {}),
          ...(resultReuseMinutes
            ? {
                ResultReuseConfiguration: {
                  ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: resultReuseMinutes },
                },
              }
            : {}),
        }),
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new QueryError('athena StartQueryExecution returned no QueryExecutionId');
    const execution = await this.waitForFinalState(id);
    const status = execution.Status;
    if (status?.State !== 'SUCCEEDED') {
      const reasons = [status?.StateChangeReason, status?.AthenaError?.ErrorMessage].filter((r) => !!r);
      throw new QueryFailedError({
        engine: 'athena',
        state: status?.State ?? 'UNKNOWN',
        reason: [...new Set(reasons)].join(' | ') || 'no reason given',
        queryExecutionId: id,
        ...(status?.AthenaError?.Retryable !== undefined ? { retryable: status.AthenaError.Retryable } : {}),
      });
    }
    const { columns, rows } = await this.readResults(id);
    return { columns, rows, bytesScanned: execution.Statistics?.DataScannedInBytes ?? 0, engine: 'athena' };
  }

  /** Nothing to release: the SDK client belongs to the caller. */
  async close(): Promise<void> {}

  private async waitForFinalState(id: string): Promise<QueryExecution> {
    let delay = FIRST_DELAY_MS;
    let waited = 0;
    for (;;) {
      if (waited >= this.timeoutMs) {
        await this.stopQuietly(id);
        throw new QueryTimeoutError({ engine: 'athena', timeoutMs: this.timeoutMs, queryExecutionId: id });
      }
      const pause = Math.min(delay, this.timeoutMs - waited);
      await this.sleep(pause);
      waited += pause;
      const out = await this.call('GetQueryExecution', () =>
        this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      );
      const execution = out.QueryExecution;
      if (execution && FINAL_STATES.has(execution.Status?.State ?? '')) return execution;
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }

  /** A query we gave up on would keep scanning (and billing): ask Athena to stop it. */
  private async stopQuietly(id: string): Promise<void> {
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch {
      // The timeout is the error worth reporting; a failed stop changes nothing for the caller.
    }
  }

  private async readResults(id: string): Promise<Pick<QueryResult, 'columns' | 'rows'>> {
    let columns: QueryColumn[] = [];
    let info: ColumnInfo[] = [];
    const rows: Record<string, SqlValue>[] = [];
    let nextToken: string | undefined;
    let firstPage = true;
    do {
      const token = nextToken;
      const page = await this.call('GetQueryResults', () =>
        this.client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, NextToken: token }),
        ),
      );
      if (firstPage) {
        info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        columns = columnsOf(info);
      }
      // The first row of the first page repeats the column names.
      for (const row of (page.ResultSet?.Rows ?? []).slice(firstPage ? 1 : 0)) {
        const record: Record<string, SqlValue> = {};
        columns.forEach((column, i) => {
          const type = info[i]?.Type?.toLowerCase() ?? 'varchar';
          record[column.name] = fromVarChar(row.Data?.[i]?.VarCharValue, type, column.name);
        });
        rows.push(record);
      }
      firstPage = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return { columns, rows };
  }

  /** Sends one API call, retrying throttling with backoff; any other failure becomes a `QueryError`. */
  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    let delay = FIRST_DELAY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!isThrottling(error)) {
          throw new QueryError(`athena ${operation} failed: ${messageOf(error)}`, { cause: error });
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new QueryError(
            `athena ${operation} still throttled after ${attempt} attempts: ${messageOf(error)}`,
            {
              cause: error,
            },
          );
        }
        await this.sleep(delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      }
    }
  }
}

/**
 * Estimated Athena charge for one query: $5 per TB (2^40 bytes) scanned, bytes rounded up to
 * the next MB (2^20), at least 10 MB. An estimate: prices vary by Region and change; DDL and
 * failed queries are free, reused results scan 0 bytes yet this still counts the minimum.
 */
export function athenaCostUsd(bytesScanned: number, usdPerTb = 5): number {
  if (!Number.isFinite(bytesScanned) || bytesScanned < 0) {
    throw new RangeError(`bytesScanned must be a non-negative number, got ${bytesScanned}`);
  }
  const mb = Math.max(10, Math.ceil(bytesScanned / 2 ** 20));
  return (mb / 2 ** 20) * usdPerTb;
}

/** Column names and types as Athena reports them; repeated names get `:1`, `:2` as in DuckDB. */
function columnsOf(info: readonly ColumnInfo[]): QueryColumn[] {
  const seen = new Map<string, number>();
  return info.map((c, i) => {
    const base = c.Name ?? c.Label ?? `_col${i}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    const type = (c.Type ?? 'varchar').toLowerCase();
    return {
      name: count === 0 ? base : `${base}:${count}`,
      type:
        type === 'decimal' && c.Precision !== undefined ? `decimal(${c.Precision},${c.Scale ?? 0})` : type,
    };
  });
}

/**
 * One Athena cell (always text, absent for NULL) as the port's value, exactly: integers as a
 * number when safe, else a bigint; decimals as their exact text (Athena writes every digit of
 * the scale, `12.500000`); doubles as numbers.
 */
function fromVarChar(text: string | undefined, type: string, column: string): SqlValue {
  if (text === undefined) return null;
  if (type === 'boolean') return text === 'true';
  if (INTEGER_TYPES.has(type)) {
    if (!/^-?\d+$/.test(text)) throw new QueryError(`column ${column}: '${text}' is not a ${type}`);
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  if (type === 'decimal') {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new QueryError(`column ${column}: '${text}' is not a decimal`);
    return text;
  }
  if (!FLOAT_TYPES.has(type)) return text;
  const n = Number(text);
  if (Number.isNaN(n) && text !== 'NaN') throw new QueryError(`column ${column}: '${text}' is not a ${type}`);
  return n;
}

function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING.has(error.name);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
