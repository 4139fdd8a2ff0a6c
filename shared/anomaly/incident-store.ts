import { createHash } from 'node:crypto';
import type { ObjectStore } from '../ports/object-store';
import { IncidentNotFoundError } from './errors';
import { INCIDENT_ROOT, type IncidentRecord } from './incident';
import { readState, updateState } from './state-object';

/** An incident's id: short, stable for a series and its start hour, safe in a path and a shell. */
export function incidentId(seriesKey: string, startedAt: number): string {
  return `inc-${createHash('sha256').update(`${seriesKey}\u0000${startedAt}`).digest('hex').slice(0, 10)}`;
}

/** The store key of an incident. */
export const incidentKey = (id: string): string => `${INCIDENT_ROOT}/${id}.json`;

const ID = /^inc-[0-9a-f]{10}$/;

/** Every incident in the store, newest first. */
export async function listIncidents(store: ObjectStore): Promise<IncidentRecord[]> {
  const out: IncidentRecord[] = [];
  for await (const o of store.list(`${INCIDENT_ROOT}/`)) {
    if (!o.key.endsWith('.json')) continue;
    const found = await readState<IncidentRecord>(store, o.key);
    if (found) out.push(found.value);
  }
  return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
}

/** One incident; throws `IncidentNotFoundError`. */
export async function getIncident(store: ObjectStore, id: string): Promise<IncidentRecord> {
  if (!ID.test(id)) throw new IncidentNotFoundError(id);
  const found = await readState<IncidentRecord>(store, incidentKey(id));
  if (!found) throw new IncidentNotFoundError(id);
  return found.value;
}

/** Changes an existing incident with a conditional write; throws `IncidentNotFoundError`. */
export async function changeIncident(
  store: ObjectStore,
  id: string,
  change: (current: IncidentRecord) => IncidentRecord | undefined,
): Promise<IncidentRecord> {
  if (!ID.test(id)) throw new IncidentNotFoundError(id);
  let missing = false;
  const result = await updateState<IncidentRecord>(store, incidentKey(id), (current) => {
    if (!current) {
      missing = true;
      return undefined;
    }
    return change(current);
  });
  if (missing || !result) throw new IncidentNotFoundError(id);
  return result;
}
