import type { QueryEngine, QueryResult } from '../ports/query-engine';
import { runQueries } from '../sql/finops/run-queries';
import type { UsageDaysOf } from '../sql/finops/usage-days';
import type { QueryName } from '../sql/queries';
import type { ReportResults, ReportWindow } from './report-input';
import { previousWindow, trendsWindow } from './report-window';

/** The settings the shipped queries take besides the window (from the configuration). */
export interface ReportQuerySettings {
  unattributed: string;
  /** Empty: each day at its own prices (the default); a day: reprice everything as of then. */
  priceDate?: string;
  gapPct: number;
  costlyRate: number;
  peakStart: number;
  peakEnd: number;
  /** `unit-costs`: the business metric to divide by; empty takes the one a feature reports. */
  metric?: string;
  /** Where each day's usage is read (`usageDaysOf(lake)`); absent, every day from bedrock_invocations. */
  usageDays?: UsageDaysOf;
}

/** What collecting read: the results, and the bytes the engine scanned (Athena bills them). */
export interface CollectedReport {
  results: ReportResults;
  bytesScanned: number;
}

/**
 * Runs the shipped cost queries a report needs, unchanged, through the query-engine port
 * (DuckDB locally, Athena in AWS): the window's, the previous window's allocation, and the
 * trends over a window widened to include the previous week and month.
 */
export async function collectReport(
  engine: QueryEngine,
  window: ReportWindow,
  settings: ReportQuerySettings,
): Promise<CollectedReport> {
  const values = {
    unattributed: settings.unattributed,
    price_date: settings.priceDate ?? '',
    gap_pct: settings.gapPct,
    costly_rate: settings.costlyRate,
    peak_start: settings.peakStart,
    peak_end: settings.peakEnd,
    metric: settings.metric ?? '',
  };
  const names: QueryName[] = ['allocation', 'unitCosts', 'gpuEfficiency', 'estimateVsBill', 'tagCoverage'];
  const days = settings.usageDays;
  const main = await runQueries(engine, names, { ...values, ...window }, days);
  const previous = await runQueries(engine, ['allocation'], { ...values, ...previousWindow(window) }, days);
  const trends = await runQueries(engine, ['trends'], { ...values, ...trendsWindow(window) }, days);
  const pick = (name: QueryName): QueryResult => {
    const found = main.results.find((r) => r.name === name);
    if (!found) throw new Error(`query ${name} did not run`);
    return found.result;
  };
  return {
    results: {
      allocation: pick('allocation'),
      previousAllocation: (previous.results[0] as { result: QueryResult }).result,
      unitCosts: pick('unitCosts'),
      trends: (trends.results[0] as { result: QueryResult }).result,
      gpuEfficiency: pick('gpuEfficiency'),
      estimateVsBill: pick('estimateVsBill'),
      tagCoverage: pick('tagCoverage'),
    },
    bytesScanned: main.bytesScanned + previous.bytesScanned + trends.bytesScanned,
  };
}
