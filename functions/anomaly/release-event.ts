import { addRelease, type Release } from '../../shared/anomaly/releases';
import type { Clock, ObjectStore } from '../../shared/ports';

/** The EventBridge event a deploy pipeline puts on the default bus to mark a release. */
export interface ReleaseEvent {
  source: 'genai-finops';
  'detail-type': 'Release';
  /** When EventBridge received the event (ISO 8601): the release time unless the detail names one. */
  time: string;
  detail: { team?: unknown; feature?: unknown; version?: unknown; note?: unknown; time?: unknown };
}

/** Why a release event could not be recorded (the invocation fails and is dead-lettered). */
export class ReleaseEventError extends Error {
  override readonly name = 'ReleaseEventError';
}

/** True for the `genai-finops` / `Release` event the stack's rule forwards. */
export function isReleaseEvent(event: unknown): event is ReleaseEvent {
  const e = event as Partial<ReleaseEvent> | undefined;
  return e?.source === 'genai-finops' && e['detail-type'] === 'Release';
}

const text = (value: unknown, field: string, required: boolean): string | undefined => {
  if (value === undefined || value === null) {
    if (required) throw new ReleaseEventError(`release event: detail.${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '')
    throw new ReleaseEventError(`release event: detail.${field} must be a non-empty string`);
  return value;
};

/** The release marker the event describes: `detail.team` and `detail.version` required. */
export function releaseOf(event: ReleaseEvent): Release {
  const d = event.detail ?? {};
  const when = text(d.time, 'time', false) ?? event.time;
  const at = Date.parse(when);
  if (Number.isNaN(at)) throw new ReleaseEventError(`release event: time "${when}" is not an ISO 8601 time`);
  const feature = text(d.feature, 'feature', false);
  const note = text(d.note, 'note', false);
  return {
    at,
    team: text(d.team, 'team', true) as string,
    ...(feature ? { feature } : {}),
    version: text(d.version, 'version', true) as string,
    ...(note ? { note } : {}),
  };
}

/** What recording a release event did. */
export interface ReleaseRecorded {
  release: { at: string; team: string; feature?: string; version: string };
}

/** Adds the event's release to the `releases` table. */
export async function recordReleaseEvent(
  store: ObjectStore,
  clock: Clock,
  event: ReleaseEvent,
): Promise<ReleaseRecorded> {
  const release = releaseOf(event);
  await addRelease(store, clock, release);
  const { at, team, feature, version } = release;
  return { release: { at: new Date(at).toISOString(), team, ...(feature ? { feature } : {}), version } };
}
