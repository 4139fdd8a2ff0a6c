import { readState, updateState } from '../anomaly/state-object';
import type { CostExplorerConfig } from '../config/cost-explorer-schema';
import { DAY_MS } from '../lake/utc';
import type { CostSource, ObjectStore } from '../ports';
import { discoverSelection } from './discover';
import type { RequestCounts, RetryPolicy } from './fetch-pages';
import { nextDay } from './period';
import type { Selection } from './request-plan';
import type { DayRange } from './window';

/**
 * What to pull changes rarely (a new Marketplace model, a new GPU instance type), and each
 * GetDimensionValues is a billed request: discovery is kept in the store and repeated once a week,
 * not every day. Nothing is lost in between: a refresh discovers over every day since the last one,
 * and when it finds anything new the run re-pulls all those days with the new selection.
 */
export const SELECTION_KEY = '_state/cost-explorer/selection.json';
export const SELECTION_REFRESH_DAYS = 7;

/** The kept discovery: what it found, over which days, when, and for which configuration. */
interface KeptSelection {
  selection: Selection;
  from: string;
  to: string;
  discoveredAt: string;
  fingerprint: string;
}

/** The configuration discovery depends on: a change discovers again. */
const fingerprintOf = (c: CostExplorerConfig): string =>
  JSON.stringify([c.services, c.discoverServices, c.usageTypes]);

/** Every value of `next` that `before` lacks: services, and usage types per service. */
function added(before: Selection, next: Selection): string[] {
  const had = new Set([
    ...before.services,
    ...before.usageTypes.flatMap((u) => u.usageTypes.map((t) => `${u.service}|${t}`)),
  ]);
  return [
    ...next.services,
    ...next.usageTypes.flatMap((u) => u.usageTypes.map((t) => `${u.service}|${t}`)),
  ].filter((v) => !had.has(v));
}

/** The selection for `window`, and the days to pull with it (the window, or more after a refresh found new values). */
export interface SelectionForWindow {
  selection: Selection;
  pull: DayRange;
  /** How the selection was had: from the store, or discovered now. */
  source: 'kept' | 'discovered';
}

/**
 * The kept selection when it is younger than `SELECTION_REFRESH_DAYS`, made for this configuration
 * and covers the window's first day; otherwise discovery over the window and the days since the last
 * discovery, kept for the next runs when the window is not older than the kept one (a backfill of
 * older days discovers for itself and leaves the kept selection alone).
 */
export async function selectionFor(
  deps: { source: CostSource; store: ObjectStore; now: Date },
  window: DayRange,
  config: CostExplorerConfig,
  policy: RetryPolicy,
  counts: RequestCounts,
): Promise<SelectionForWindow> {
  const fingerprint = fingerprintOf(config);
  const kept = (await readState<KeptSelection>(deps.store, SELECTION_KEY))?.value;
  const usable = kept?.fingerprint === fingerprint ? kept : undefined;
  const age = usable ? deps.now.getTime() - Date.parse(usable.discoveredAt) : Number.POSITIVE_INFINITY;
  if (usable && age < SELECTION_REFRESH_DAYS * DAY_MS && window.from >= usable.from)
    return { selection: usable.selection, pull: window, source: 'kept' };
  const since = usable && window.from >= usable.from ? nextDay(usable.to) : window.from;
  // The earlier of the two days (YYYY-MM-DD text sorts as days do).
  const range = { from: [since, window.from].sort()[0] as string, to: window.to };
  const selection = await discoverSelection(deps.source, range, config, policy, counts);
  const grew = usable !== undefined && added(usable.selection, selection).length > 0;
  if (!usable || window.to >= usable.to) {
    const next: KeptSelection = { selection, ...range, discoveredAt: deps.now.toISOString(), fingerprint };
    await updateState<KeptSelection>(deps.store, SELECTION_KEY, () => next);
  }
  return { selection, pull: grew ? range : window, source: 'discovered' };
}
