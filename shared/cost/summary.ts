import { fromUnscaled } from '../lake/decimal';
import { AMOUNT_SCALE } from './amount';
import type { CostRow } from './cost-row';
import type { RequestCounts } from './fetch-pages';

/** What one Cost Explorer ingest did: the CLI's `--json` line and the Lambda's summary log. */
export interface CostIngestSummary {
  /** `cost-explorer` (the API) or the saved files read. */
  source: string;
  store: string;
  /** Inclusive days pulled or kept; null when every row of the files was kept. */
  window: { from: string; to: string } | null;
  requests: RequestCounts & { total: number; costUsd: string };
  /** Services pulled (discovered ones included); empty for files. */
  services: string[];
  responses: number;
  groupsRead: number;
  rowsWritten: number;
  estimatedRows: number;
  monthlyRows: number;
  partitions: string[];
  partitionsFailed: { day: string; error: string }[];
  /** Sum of unblended cost of the rows written, exact decimal text. */
  unblendedTotal: string;
  currency: string;
  /** Groupings in the input that no column reads (unknown tag keys, cost categories). */
  ignoredGroupings: string[];
  seconds: number;
}

/** $0.01 per request, as exact text. */
export function requestCost(total: number): string {
  return fromUnscaled(BigInt(total), 2);
}

/** Unblended cost of daily rows (monthly rows would count their days twice), exact. */
export function unblendedTotal(rows: readonly CostRow[]): string {
  const sum = rows.filter((r) => r.granularity === 'DAILY').reduce((s, r) => s + (r.unblendedCost ?? 0n), 0n);
  return fromUnscaled(sum, AMOUNT_SCALE).replace(/(\.\d\d\d*?)0+$/, '$1');
}
