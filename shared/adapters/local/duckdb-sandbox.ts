/**
 * What SQL given to the local engine may touch. The `sql` command runs whatever a user (or a
 * script, or a pasted query) hands it, so DuckDB is confined to the lake: no other file, no
 * network, no extension install, no write, and the confinement cannot be SET away afterwards.
 */
import {
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  quotedString,
  StatementType,
} from '@duckdb/node-api';
import { QueryFailedError, QueryRejectedError } from '../query-errors';

/**
 * `lake`: only files under the lake folder (the default). `local-files`: any local file too, for
 * users who join their own CSVs; still no network, no extension install and no writes.
 */
export type FileAccess = 'lake' | 'local-files';

/** Read-only statement kinds; DESCRIBE, SHOW, SUMMARIZE, VALUES and PRAGMA queries count as SELECT. */
const READ_ONLY = new Map<number, string>([
  [StatementType.SELECT, 'SELECT'],
  [StatementType.EXPLAIN, 'EXPLAIN'],
]);

/**
 * The settings that confine DuckDB, in order; `lock_configuration` last so none can be changed.
 * `tempDir` is private to the engine: DuckDB always allows its temp directory, and its default
 * (`.tmp` in the working directory) would open the user's own folder.
 */
export function sandboxSettings(options: { lakeDir: string; tempDir: string; access: FileAccess }): string[] {
  const settings = [`SET temp_directory = ${quotedString(options.tempDir)}`];
  if (options.access === 'lake') {
    // The trailing slash keeps a sibling such as `<lake>-old` out.
    settings.push(
      `SET allowed_directories = [${quotedString(`${options.lakeDir.replace(/\/+$/, '')}/`)}]`,
      'SET enable_external_access = false',
    );
  }
  settings.push(
    // Without httpfs nothing reaches the network, and it can neither be installed nor loaded.
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET allow_community_extensions = false',
    'SET lock_configuration = true',
  );
  return settings;
}

/**
 * Parses `sql` as exactly one read-only statement and prepares it. More than one statement
 * (`SELECT 1; COPY …`) or a statement that could write or reconfigure (COPY, INSERT, CREATE,
 * ATTACH, INSTALL, LOAD, SET, …) throws `QueryRejectedError` before anything runs; a syntax or
 * binder error throws `QueryFailedError`.
 */
export async function prepareReadOnly(
  connection: DuckDBConnection,
  sql: string,
): Promise<DuckDBPreparedStatement> {
  if (sql.trim() === '') throw new QueryRejectedError('duckdb', 'the SQL is empty');
  let prepared: DuckDBPreparedStatement;
  try {
    // DuckDB's own parser splits the statements: no guessing about `;` inside strings or comments.
    const statements = await connection.extractStatements(sql);
    if (statements.count !== 1) {
      throw new QueryRejectedError(
        'duckdb',
        `expected exactly one SQL statement, got ${statements.count}; run them one at a time`,
      );
    }
    prepared = await statements.prepare(0);
  } catch (error) {
    if (error instanceof QueryRejectedError) throw error;
    throw new QueryFailedError(
      { engine: 'duckdb', state: 'FAILED', reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  const kind = READ_ONLY.get(prepared.statementType);
  if (kind === undefined) {
    prepared.destroySync();
    throw new QueryRejectedError(
      'duckdb',
      `only read-only queries (SELECT, EXPLAIN) run here, got ${statementName(prepared.statementType, sql)}`,
    );
  }
  return prepared;
}

/** The statement's kind for the message: DuckDB reports some (COPY) as INVALID, so name its first word. */
function statementName(type: number, sql: string): string {
  const name = StatementType[type];
  if (name && name !== 'INVALID') return name;
  return /^[\s(]*([A-Za-z_]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'another kind of statement';
}
