import type { QueryEngine, QueryResult } from '../../ports/query-engine';
import { type QueryName, type QueryParams, queries, renderQuery } from '../queries';

/** What a run of several shipped queries read: per query and in total (Athena bills the bytes). */
export interface QueryRun {
  results: { name: QueryName; result: QueryResult }[];
  bytesScanned: number;
}

/**
 * Runs shipped queries one after the other on `engine`, each given the values it declares from
 * `values` (the rest take their defaults), and sums the bytes each scanned.
 */
export async function runQueries(
  engine: QueryEngine,
  names: readonly QueryName[],
  values: Readonly<Record<string, string | number>>,
): Promise<QueryRun> {
  const run: QueryRun = { results: [], bytesScanned: 0 };
  for (const name of names) {
    const params: Record<string, string | number> = {};
    for (const key of Object.keys(queries[name].params)) {
      const value = values[key];
      if (value !== undefined) params[key] = value;
    }
    const result = await engine.query(renderQuery(name, params as QueryParams<typeof name>));
    run.results.push({ name, result });
    run.bytesScanned += result.bytesScanned;
  }
  return run;
}
