import { addRelease, type Release } from '../../shared/anomaly/releases';
import type { Clock, ObjectStore } from '../../shared/ports';
import { ReleaseEventError } from './errors';
import { DetailFields } from './event-fields';
import type { ProductEvent } from './product-event';

export { ReleaseEventError };

/**
 * The event a deploy pipeline puts on the default bus to mark a release:
 * `aws events put-events --entries '[{"Source":"genai-finops","DetailType":"Release","Detail":"{\"team\":\"search\",\"feature\":\"rag\",\"version\":\"v2.4.0\",\"note\":\"longer system prompt\"}"}]'`.
 * `detail.team` and `detail.version` are required; `feature`, `note` and `time` (ISO 8601, default
 * the event's time) are optional.
 */
export type ReleaseEvent = ProductEvent<'Release'>;

/** The release marker the event describes. */
export function releaseOf(event: ReleaseEvent): Release {
  const d = new DetailFields('release', event.detail, ReleaseEventError);
  const when = d.optional('time', 64) ?? event.time;
  const at = Date.parse(when);
  if (Number.isNaN(at)) throw new ReleaseEventError(`release event: time "${when}" is not an ISO 8601 time`);
  const team = d.required('team');
  const feature = d.optional('feature');
  const version = d.required('version');
  const note = d.optional('note', 2000);
  return { at, team, ...(feature ? { feature } : {}), version, ...(note ? { note } : {}) };
}

/** What recording a release event did. */
export interface ReleaseRecorded {
  release: { at: string; team: string; feature?: string; version: string };
}

/** Adds the event's release to the `releases` table (once however often the event is delivered). */
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
