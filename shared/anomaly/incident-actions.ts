import type { ObjectStore } from '../ports/object-store';
import type { IncidentRecord } from './incident';
import { changeIncident, getIncident } from './incident-store';
import { updateFeedback, widened } from './series-feedback';

/** Acknowledges an incident: someone is on it. Detection keeps tracking it (and still escalates). */
export function ackIncident(store: ObjectStore, id: string, at: Date, by?: string): Promise<IncidentRecord> {
  return changeIncident(store, id, (i) => ({
    ...i,
    acknowledged: { at: at.toISOString(), ...(by ? { by } : {}) },
  }));
}

/**
 * Snoozes an incident and its series until `until`: no alert (open, escalate or resolved) for
 * that series goes out before then; detection and state carry on.
 */
export async function snoozeIncident(store: ObjectStore, id: string, until: Date): Promise<IncidentRecord> {
  const incident = await getIncident(store, id);
  await updateFeedback(store, incident.seriesKey, (f) => ({ ...f, snoozedUntil: until.toISOString() }));
  return changeIncident(store, id, (i) => ({ ...i, snoozedUntil: until.toISOString() }));
}

/**
 * Marks an incident as not an anomaly: it is dismissed (no more alerts), and its series' band is
 * widened to tolerate departures up to this one's size (with a margin) in the same direction.
 */
export async function markNotAnomaly(store: ObjectStore, id: string, at: Date): Promise<IncidentRecord> {
  const incident = await getIncident(store, id);
  await updateFeedback(store, incident.seriesKey, (f) => widened(f, incident.alert));
  return changeIncident(store, id, (i) => ({ ...i, status: 'dismissed', closedAt: at.toISOString() }));
}
