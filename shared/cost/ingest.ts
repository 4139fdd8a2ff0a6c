import type { AppConfig } from '../config';
import { acceptedTimes } from '../lake/accepted-dates';
import type { LeaseOptions } from '../lake/lease';
import type { Clock, CostSource, ObjectStore } from '../ports';
import { selectionFor } from './cached-selection';
import type { ParsedResponse } from './cell';
import type { CostRow } from './cost-row';
import { CostInputError } from './errors';
import { costAndUsagePages, emptyRequestCounts, type RequestCounts } from './fetch-pages';
import { joinResponses } from './join';
import { type AmountRules, parseCostPage } from './parse-response';
import { readSavedResponses, type SavedFile } from './read-saved';
import { planRequests, selectionFilter } from './request-plan';
import { type CostIngestSummary, requestCost, unblendedTotal } from './summary';
import { type DayRange, daysOf } from './window';
import { planDayWrites, writeCostDays } from './write-days';

/** What every Cost Explorer ingest needs. */
export interface CostIngestDeps {
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  /** Jitter of retry waits, in [0, 1): injected so tests are deterministic. */
  random?: () => number;
  lease?: LeaseOptions;
}

const rulesOf = (config: AppConfig): AmountRules => ({
  currency: config.costExplorer.currency,
  negativeCost: config.costExplorer.negativeCost,
});

const joinSettings = (config: AppConfig) => ({
  tagKeys: config.costExplorer.tagKeys,
  unattributed: config.attribution.unattributed,
});

/** Rows outside the days the lake accepts cannot be seen by Athena: refuse them before writing anything. */
function assertAccepted(rows: readonly CostRow[], now: Date, origin: string): void {
  const { notBefore, notAfter } = acceptedTimes(now);
  for (const r of rows) {
    const t = Date.parse(`${r.usageDate}T00:00:00Z`);
    if (t < notBefore || t > notAfter)
      throw new CostInputError(origin, 'TimePeriod.Start', `${r.usageDate} is outside the accepted days`);
  }
}

async function finish(
  deps: CostIngestDeps,
  started: number,
  source: string,
  window: DayRange | null,
  responses: ParsedResponse[],
  rows: CostRow[],
  ignoredGroupings: string[],
  counts: RequestCounts,
  services: string[],
  replaceDays: string[],
): Promise<CostIngestSummary> {
  assertAccepted(rows, deps.clock.now(), source);
  const written = await writeCostDays(deps.store, deps.clock, planDayWrites(rows, replaceDays), deps.lease);
  const total = counts.getCostAndUsage + counts.getDimensionValues;
  return {
    source,
    store: deps.store.uri,
    window,
    requests: { ...counts, total, costUsd: requestCost(total) },
    services,
    responses: responses.length,
    groupsRead: responses.reduce((n, r) => n + r.cells.length, 0),
    rowsWritten: written.written.reduce((n, w) => n + w.rows, 0),
    estimatedRows: rows.filter((r) => r.estimated).length,
    monthlyRows: rows.filter((r) => r.granularity === 'MONTHLY').length,
    partitions: written.written.map((w) => w.day),
    partitionsFailed: written.failed,
    unblendedTotal: unblendedTotal(rows),
    currency: deps.config.costExplorer.currency,
    ignoredGroupings,
    seconds: (deps.clock.now().getTime() - started) / 1000,
  };
}

/**
 * Ingests saved Cost Explorer output (see `readSavedResponses`) into `cost_daily`: every row of the
 * files, or those of `window` when given; the days the rows fall on are replaced. Everything is
 * read and checked before the first partition is written.
 */
export async function ingestCostFiles(
  deps: CostIngestDeps,
  files: readonly SavedFile[],
  window?: DayRange,
): Promise<CostIngestSummary> {
  const started = deps.clock.now().getTime();
  const responses = readSavedResponses(files, rulesOf(deps.config));
  const joined = joinResponses(responses, joinSettings(deps.config), deps.config.costExplorer.currency);
  const rows = window
    ? joined.rows.filter((r) => r.periodStart >= window.from && r.periodStart <= window.to)
    : joined.rows;
  const source = files.map((f) => f.name).join(', ');
  return finish(
    deps,
    started,
    source,
    window ?? null,
    responses,
    rows,
    joined.ignoredGroupings,
    emptyRequestCounts(),
    [],
    [],
  );
}

/**
 * Pulls `window` from Cost Explorer (discovery, kept in the store for a week, then the planned
 * requests, every page, retried) and replaces every day of the window, so a day AWS restated to
 * nothing is emptied too; when a weekly discovery finds a new service or usage type, every day since
 * the previous discovery is pulled and replaced. Nothing is written unless every request succeeded.
 */
export async function ingestCostExplorer(
  deps: CostIngestDeps & { source: CostSource },
  window: DayRange,
): Promise<CostIngestSummary> {
  const started = deps.clock.now().getTime();
  const config = deps.config.costExplorer;
  const counts = emptyRequestCounts();
  const policy = { clock: deps.clock, random: deps.random ?? (() => 0.5) };
  const { selection, pull } = await selectionFor(
    { source: deps.source, store: deps.store, now: deps.clock.now() },
    window,
    config,
    policy,
    counts,
  );
  const filter = selectionFilter(selection, config.excludeRecordTypes);
  const responses: ParsedResponse[] = [];
  if (filter) {
    for (const planned of planRequests(pull, filter, config)) {
      const pages = await costAndUsagePages(deps.source, planned, policy, counts);
      pages.forEach((page, i) => {
        responses.push(parseCostPage(page, `${planned.name} page ${i + 1}`, rulesOf(deps.config)));
      });
    }
  }
  const joined = joinResponses(responses, joinSettings(deps.config), config.currency);
  const services = [
    ...selection.services,
    ...selection.usageTypes.filter((u) => u.usageTypes.length > 0).map((u) => u.service),
  ];
  return finish(
    deps,
    started,
    'cost-explorer',
    pull,
    responses,
    joined.rows,
    joined.ignoredGroupings,
    counts,
    services,
    daysOf(pull),
  );
}
