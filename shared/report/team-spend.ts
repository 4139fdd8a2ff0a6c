import type { QueryResult } from '../ports/query-engine';
import { type SpendSummary, summarizeSpend } from './spend-summary';

/** One team's spend in a window against the window before, from the shipped `allocation` query. */
export interface TeamSpend {
  team: string;
  spend: SpendSummary;
}

const only = (result: QueryResult, team: string): QueryResult => ({
  ...result,
  rows: result.rows.filter((r) => r.team === team),
});

/** The team's rows of both windows, summed by model, feature and environment. */
export function teamSpend(current: QueryResult, previous: QueryResult, team: string): TeamSpend {
  return { team, spend: summarizeSpend(only(current, team), only(previous, team)) };
}
