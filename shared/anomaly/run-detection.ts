import type { ThresholdConfig } from '../config/anomaly-schema';
import { withLease } from '../lake/lease';
import type { Clock, ObjectStore, QueryEngine } from '../ports';
import type { Notifier } from '../ports/notifier';
import type { PriceRow } from '../pricing/price-row';
import { alertDetail } from './alert-detail';
import { topContributors } from './contributors';
import { deliverPending } from './deliver';
import { detectBilledCost } from './detect-billed';
import { detectIdleGpus } from './detect-gpu';
import { detectThresholds } from './detect-thresholds';
import { detectUsage } from './detect-usage';
import type { AlertKind, Episode } from './episode';
import type { AlertDetail, AlertEvent, IncidentRecord } from './incident';
import { incidentKey, listIncidents } from './incident-store';
import { readUsage } from './read-usage';
import { planIncidents } from './reconcile';
import { nearestRelease, type Release, readReleases } from './releases';
import { readFeedback, type SeriesFeedback } from './series-feedback';
import { markSlowReads, SLOW_KINDS, type SlowReads, slowReadsDue } from './slow-families';
import type { QueryTally } from './sql';
import { createState, updateState } from './state-object';
import { UnitPrices } from './unit-prices';
import { dimensionsKey } from './usage-series';
import { type DetectionWindow, detectionWindow } from './window';

/** What a detection run needs: the store, the engine over it, where alerts go, a clock, prices. */
export interface DetectionDeps {
  store: ObjectStore;
  engine: QueryEngine;
  notifier: Notifier;
  clock: Clock;
  /** The price book estimates come from (the shipped one, or the store's). */
  priceBook: readonly PriceRow[];
}

export interface DetectionOptions {
  /** When the run happens (default: the clock's now). */
  at?: Date;
  /** Hours back an episode still counts as news (default 24). */
  newsHours?: number;
  /** How to act on an alert, for the message (e.g. the CLI commands). */
  commandHint?: string;
  /** Where a store key can be opened by people (`s3://bucket/prefix/` or a folder). */
  detailBase?: string;
  /** Static thresholds from the configuration (`anomaly.thresholds`). */
  thresholds?: readonly ThresholdConfig[];
  /**
   * When the GPU and billed-cost series are read (default `always`): `hourly` reads them only on
   * the first run to see a new complete hour (the scheduled checks); see `slow-families.ts`.
   */
  slowReads?: SlowReads;
}

/** One run's summary: the `--json` line and the Lambda log line. */
export interface DetectionSummary {
  at: string;
  window: { from: string; to: string };
  series: { usage: number; gpuEpisodes: number; billedEpisodes: number };
  /** Whether this run read and judged the GPU and billed-cost series (hourly mode skips them in between). */
  slowFamilies: 'read' | 'skipped';
  episodes: number;
  opened: number;
  escalated: number;
  closed: number;
  notified: number;
  suppressed: { snoozed: number; tolerated: number; history: number };
  queries: number;
  bytesScanned: number;
  /** The alerts this run sent, in order. */
  alerts: AlertDetail[];
}

/**
 * Production detection over the store: reads the window's usage, GPU and billed-cost series
 * (every query dt-bounded; in `hourly` mode the GPU and billed ones once an hour, their incidents
 * left as they are in between), the releases only when an incident opens, replays the detectors per series, reconciles the episodes with the
 * incidents in `_state/incidents/` (conditional writes; one run at a time under a lease) and sends
 * one alert per incident opened, escalated or resolved.
 */
export async function runDetection(
  deps: DetectionDeps,
  options: DetectionOptions = {},
): Promise<DetectionSummary> {
  const at = options.at ?? deps.clock.now();
  const window = detectionWindow(at, options.newsHours);
  return withLease(deps.store, deps.clock, 'anomaly/detect', () => detectOnce(deps, options, window), {
    waitMs: 60_000,
  });
}

async function detectOnce(deps: DetectionDeps, options: DetectionOptions, window: DetectionWindow) {
  const tally: QueryTally = { queries: 0, bytesScanned: 0 };
  const prices = new UnitPrices(deps.priceBook, window.to);
  const { series: usage, quarters } = await readUsage(deps.engine, tally, window, prices);
  const episodes: Episode[] = usage.flatMap((s) => detectUsage(s, quarters.get(dimensionsKey(s.dimensions))));
  episodes.push(...detectThresholds(options.thresholds ?? [], usage, quarters, window));
  const slow = await slowReadsDue(deps.store, window, options.slowReads ?? 'always');
  const gpu = slow ? await detectIdleGpus(deps.engine, tally, window, prices) : [];
  const billed = slow ? await detectBilledCost(deps.engine, tally, window) : [];
  episodes.push(...gpu, ...billed);
  // Releases only name the change behind a new incident: read once, when one opens.
  let releases: Promise<Release[]> | undefined;
  const releasesOnce = () => {
    releases ??= readReleases(deps.engine, tally, window);
    return releases;
  };

  const incidents = await listIncidents(deps.store);
  const feedback = new Map<string, SeriesFeedback>();
  for (const key of new Set(episodes.map((e) => e.seriesKey))) {
    const f = await readFeedback(deps.store, key);
    if (f) feedback.set(key, f);
  }
  const notJudged = new Set<AlertKind>(slow ? [] : SLOW_KINDS);
  const plan = planIncidents(episodes, incidents, feedback, window, notJudged);
  const now = new Date(window.at).toISOString();
  const counts = { opened: 0, escalated: 0, closed: 0 };
  const detailOf = async (id: string, event: AlertEvent, e: Episode, release?: Release) =>
    alertDetail(id, event, e, await topContributors(deps.engine, tally, e, window.completeBefore), release);
  for (const action of plan.actions) {
    if (action.type === 'open') {
      const e = action.episode;
      const release = nearestRelease(await releasesOnce(), e.startedAt, e.series.dimensions);
      const record: IncidentRecord = {
        id: action.id,
        seriesKey: e.seriesKey,
        kind: e.series.kind,
        status: e.closedAt === undefined ? 'open' : 'closed',
        team: e.series.dimensions.team ?? 'all',
        environment: e.series.dimensions.environment ?? 'all',
        startedAt: new Date(e.startedAt).toISOString(),
        openedAt: now,
        ...(e.closedAt !== undefined ? { closedAt: new Date(e.closedAt).toISOString() } : {}),
        alertedDeviation: e.peakDeviation,
        notifications: 0,
        pending: 'open',
        alert: await detailOf(action.id, 'open', e, release),
      };
      if (await createState(deps.store, incidentKey(action.id), record)) counts.opened++;
      continue;
    }
    const { incident, episode } = action;
    const release = incident.alert.release
      ? { ...incident.alert.release, at: Date.parse(incident.alert.release.at) }
      : undefined;
    const next = async (current: IncidentRecord): Promise<IncidentRecord> => {
      if (action.type === 'close') {
        counts.closed++;
        const alert = episode ? await detailOf(current.id, 'resolved', episode, release) : current.alert;
        return {
          ...current,
          status: 'closed',
          closedAt: episode?.closedAt !== undefined ? new Date(episode.closedAt).toISOString() : now,
          alert: { ...alert, event: 'resolved' },
          ...(current.notifications > 0 ? { pending: 'resolved' as const } : {}),
        };
      }
      if (action.type === 'escalate') {
        counts.escalated++;
        return {
          ...current,
          alertedDeviation: action.episode.peakDeviation,
          pending: 'escalate',
          alert: await detailOf(current.id, 'escalate', action.episode, release),
        };
      }
      return {
        ...current,
        alert: alertDetail(
          current.id,
          current.alert.event,
          action.episode,
          current.alert.contributors,
          release,
        ),
      };
    };
    const changed = await next(incident);
    // Acks and snoozes made since the listing are kept: only detection's fields are replaced.
    await updateState<IncidentRecord>(deps.store, incidentKey(incident.id), (current) =>
      current?.status === 'open' ? withPeopleFields(changed, current) : undefined,
    );
  }
  if (slow && options.slowReads === 'hourly') await markSlowReads(deps.store, window);
  const sent = await deliverPending(deps, window.at, feedback, options);
  return {
    at: now,
    window: { from: window.from, to: window.to },
    series: { usage: usage.length, gpuEpisodes: gpu.length, billedEpisodes: billed.length },
    slowFamilies: slow ? ('read' as const) : ('skipped' as const),
    episodes: episodes.length,
    ...counts,
    notified: sent.alerts.length,
    suppressed: { snoozed: sent.snoozed, tolerated: plan.tolerated, history: plan.history },
    queries: tally.queries,
    bytesScanned: tally.bytesScanned,
    alerts: sent.alerts,
  };
}

/** `next` with the fields people set (ack, snooze) taken from `current`. */
function withPeopleFields(next: IncidentRecord, current: IncidentRecord): IncidentRecord {
  const { acknowledged: _a, snoozedUntil: _s, ...rest } = next;
  return {
    ...rest,
    ...(current.acknowledged ? { acknowledged: current.acknowledged } : {}),
    ...(current.snoozedUntil ? { snoozedUntil: current.snoozedUntil } : {}),
  };
}
