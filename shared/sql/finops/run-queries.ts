import type { QueryEngine, QueryResult } from '../../ports/query-engine';
import { type QueryName, type QueryParams, queries, renderQuery, takesUsageDays } from '../queries';
import type { UsageDaysOf } from './usage-days';

/** What a run of several shipped queries read: per query and in total (Athena bills the bytes). */
export interface QueryRun {
  results: { name: QueryName; result: QueryResult }[];
  bytesScanned: number;
}

/**
 * Runs shipped queries one after the other on `engine`, each given the values it declares from
 * `values` (the rest take their defaults), and sums the bytes each scanned. With `usageDays`, the
 * queries over Bedrock usage read each day of the window (`from`..`to`) from the table it lists
 * (the compact `identity_daily` where the day has one); without, every day from the invocations.
 */
export async function runQueries(
  engine: QueryEngine,
  names: readonly QueryName[],
  values: Readonly<Record<string, string | number>>,
  usageDays?: UsageDaysOf,
): Promise<QueryRun> {
  const run: QueryRun = { results: [], bytesScanned: 0 };
  for (const name of names) {
    const params: Record<string, string | number> = {};
    for (const key of Object.keys(queries[name].params)) {
      const value = values[key];
      if (value !== undefined) params[key] = value;
    }
    const days =
      usageDays && takesUsageDays(name) ? await usageDays(String(values.from), String(values.to)) : undefined;
    const result = await engine.query(renderQuery(name, params as QueryParams<typeof name>, days));
    run.results.push({ name, result });
    run.bytesScanned += result.bytesScanned;
  }
  return run;
}
