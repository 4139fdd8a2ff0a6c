import { type QueryName, type QueryParams, queries, renderQuery } from '../../shared/sql/queries';

/** What a test supplies for the parameters shipped queries take (defaults are left to the query). */
export interface ShippedQueryInputs {
  from: string;
  to: string;
  unattributed?: string;
}

/** Every shipped query rendered for `inputs`, as `[name, sql]` pairs. */
export function renderedQueries(inputs: ShippedQueryInputs): [QueryName, string][] {
  const given: Record<string, unknown> = { unattributed: 'unattributed', ...inputs };
  return (Object.keys(queries) as QueryName[]).map((name) => {
    const params: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(queries[name].params)) {
      if (!('default' in spec)) params[key] = given[key];
    }
    return [name, renderQuery(name, params as QueryParams<typeof name>)];
  });
}
