import type { AlertKind, Episode } from './episode';
import type { IncidentRecord } from './incident';
import { incidentId } from './incident-store';
import { type SeriesFeedback, tolerated } from './series-feedback';
import type { DetectionWindow } from './window';

/** An open incident is escalated (alerted again) when its departure grows past this factor. */
export const ESCALATE_FACTOR = 2;

/** What a run does with one episode or open incident. */
export type Action =
  | { type: 'open'; id: string; episode: Episode }
  | { type: 'escalate'; incident: IncidentRecord; episode: Episode }
  | { type: 'update'; incident: IncidentRecord; episode: Episode }
  | { type: 'close'; incident: IncidentRecord; episode?: Episode };

/** The run's decisions and what it held back. */
export interface Plan {
  actions: Action[];
  /** Episodes inside a band widened by not-anomaly feedback. */
  tolerated: number;
  /** Episodes that ended before the news window: history, never alerted now. */
  history: number;
}

/**
 * Matches the episodes a replay found with the incidents in the store: one incident per series
 * at a time. An episode with an open incident of its series updates it (escalating past the
 * factor, closing when the episode closed); a new episode in the news window opens one, unless an
 * incident of the same id exists (already handled, dismissed) or feedback tolerates it. An open
 * incident no episode continues is closed, unless its kind is in `notJudged` (a family this run did
 * not read: its incidents stay as they are until a run reads it). Pure: the same inputs give the
 * same plan.
 */
export function planIncidents(
  episodes: readonly Episode[],
  incidents: readonly IncidentRecord[],
  feedback: ReadonlyMap<string, SeriesFeedback>,
  window: DetectionWindow,
  notJudged: ReadonlySet<AlertKind> = new Set(),
): Plan {
  const known = new Set(incidents.map((i) => i.id));
  const open = new Map<string, IncidentRecord>();
  for (const i of incidents) if (i.status === 'open') open.set(i.seriesKey, i);
  const continued = new Set<string>();
  const plan: Plan = { actions: [], tolerated: 0, history: 0 };
  const sorted = [...episodes].sort((a, b) => a.startedAt - b.startedAt);
  for (const e of sorted) {
    const incident = open.get(e.seriesKey);
    const end = e.closedAt ?? Number.POSITIVE_INFINITY;
    if (incident && Date.parse(incident.startedAt) <= end && !continued.has(incident.id)) {
      if (end < Date.parse(incident.startedAt)) continue;
      // An episode ending before the incident's last sighting is an older one: not this incident.
      if (end < Date.parse(incident.alert.lastAnomalousAt)) continue;
      continued.add(incident.id);
      if (e.closedAt !== undefined) plan.actions.push({ type: 'close', incident, episode: e });
      else if (
        e.peakDeviation >= ESCALATE_FACTOR * incident.alertedDeviation &&
        incident.alertedDeviation > 0
      )
        plan.actions.push({ type: 'escalate', incident, episode: e });
      else plan.actions.push({ type: 'update', incident, episode: e });
      continue;
    }
    if (Math.min(end, e.lastAnomalousAt) < window.newsSince) {
      plan.history++;
      continue;
    }
    const id = incidentId(e.seriesKey, e.startedAt);
    if (known.has(id)) continue;
    if (tolerated(feedback.get(e.seriesKey), e)) {
      plan.tolerated++;
      continue;
    }
    known.add(id);
    plan.actions.push({ type: 'open', id, episode: e });
  }
  for (const incident of open.values()) {
    if (notJudged.has(incident.kind)) continue;
    if (!continued.has(incident.id)) plan.actions.push({ type: 'close', incident });
  }
  return plan;
}
