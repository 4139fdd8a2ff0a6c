import type { ObjectStore } from '../ports';
import type { Notifier } from '../ports/notifier';
import { alertMessage } from './alert-message';
import type { AlertDetail, IncidentRecord } from './incident';
import { incidentKey, listIncidents } from './incident-store';
import type { SeriesFeedback } from './series-feedback';
import { updateState } from './state-object';

/** Where the full detail of each alert sent is kept (the message links to it). */
export const ALERT_DETAIL_ROOT = '_state/alerts';

/**
 * Sends every alert decided but not yet delivered, oldest incident first. A snoozed incident (or
 * series) has its pending alert dropped. The full detail is stored before the message goes out,
 * and the incident marked sent after: a crash in between re-sends, never loses, the alert.
 */
export async function deliverPending(
  deps: { store: ObjectStore; notifier: Notifier },
  at: number,
  feedback: ReadonlyMap<string, SeriesFeedback>,
  options: { commandHint?: string; detailBase?: string },
): Promise<{ alerts: AlertDetail[]; snoozed: number }> {
  const pending = (await listIncidents(deps.store))
    .filter((i) => i.pending !== undefined)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  const alerts: AlertDetail[] = [];
  let snoozed = 0;
  for (const incident of pending) {
    const until = [incident.snoozedUntil, feedback.get(incident.seriesKey)?.snoozedUntil]
      .filter((s): s is string => s !== undefined)
      .map(Date.parse);
    const event = incident.pending as NonNullable<IncidentRecord['pending']>;
    if (until.some((u) => u > at)) {
      snoozed++;
      await clearPending(deps.store, incident.id, false, at);
      continue;
    }
    const alert: AlertDetail = { ...incident.alert, event };
    const detailKey = `${ALERT_DETAIL_ROOT}/${incident.id}/${incident.notifications + 1}-${event}.json`;
    await deps.store.put(detailKey, Buffer.from(`${JSON.stringify(alert, null, 2)}\n`), {
      contentType: 'application/json',
    });
    const base = options.detailBase ?? `${deps.store.uri.replace(/\/+$/, '')}/`;
    await deps.notifier.publish(
      alertMessage(alert, {
        commandHint:
          options.commandHint ??
          `genai-finops alert ack|snooze|not-anomaly ${incident.id} --store ${deps.store.uri}`,
        detailKey,
        detailUri: `${base}${detailKey}`,
      }),
    );
    await clearPending(deps.store, incident.id, true, at);
    alerts.push(alert);
  }
  return { alerts, snoozed };
}

async function clearPending(store: ObjectStore, id: string, sent: boolean, at: number): Promise<void> {
  await updateState<IncidentRecord>(store, incidentKey(id), (current) => {
    if (!current) return undefined;
    const { pending: _p, ...rest } = current;
    return sent
      ? { ...rest, notifications: current.notifications + 1, lastNotifiedAt: new Date(at).toISOString() }
      : rest;
  });
}
