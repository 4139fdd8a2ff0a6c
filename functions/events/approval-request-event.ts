import type { ApprovalRequest, ApprovalRequestFields } from '../../shared/guardrails/approval-requests';
import { receiveApprovalRequest } from '../../shared/guardrails/receive-approval-request';
import type { ObjectStore } from '../../shared/ports';
import type { Notifier } from '../../shared/ports/notifier';
import { DetailFields } from './event-fields';
import { eventDerivedId, type ProductEvent } from './product-event';

/**
 * A team asks approvers to let it call a model its environment's policy restricts:
 * `aws events put-events --entries '[{"Source":"genai-finops","DetailType":"ApprovalRequest","Detail":"{\"team\":\"search\",\"feature\":\"rag\",\"model\":\"anthropic.claude-sonnet-*\",\"until\":\"2026-03-31\",\"requestedBy\":\"alice\",\"reason\":\"long-context evaluation\"}"}]'`.
 * Required: `team`, `model` (id or pattern, `*` any run of characters), `until` (last UTC day,
 * YYYY-MM-DD, not past), `requestedBy`, `reason`. Optional: `feature`, `environment` (where the
 * model is wanted; it becomes the alert's `environment` attribute).
 */
export type ApprovalRequestEvent = ProductEvent<'ApprovalRequest'>;

/** The request the event describes; throws naming the first bad field. */
export function approvalRequestOf(event: ApprovalRequestEvent, at: Date): ApprovalRequestFields {
  const d = new DetailFields('approval request', event.detail);
  const team = d.required('team');
  const feature = d.optional('feature');
  const model = d.required('model');
  const until = d.day('until', dayOfEvent(event, at));
  const environment = d.optional('environment', 64);
  const requestedBy = d.required('requestedBy');
  const reason = d.required('reason', 2000);
  return {
    team,
    ...(feature ? { feature } : {}),
    model,
    until,
    ...(environment ? { environment } : {}),
    requestedBy,
    reason,
  };
}

/** The day of the event's time (EventBridge's), or of `now` when the event has no valid time. */
export function dayOfEvent(event: ProductEvent, now: Date): string {
  const t = Date.parse(event.time);
  return new Date(Number.isNaN(t) ? now.getTime() : t).toISOString().slice(0, 10);
}

/** What recording an approval request did. */
export interface ApprovalRequestRecorded {
  request: Pick<ApprovalRequest, 'id' | 'team' | 'model' | 'until' | 'status'>;
  /** Whether this delivery sent the alert (false when an earlier delivery did). */
  notified: boolean;
}

/** Records the request as pending (audited) and alerts the team's approvers once. */
export async function recordApprovalRequestEvent(
  store: ObjectStore,
  notifier: Notifier,
  at: Date,
  event: ApprovalRequestEvent,
): Promise<ApprovalRequestRecorded> {
  const fields = approvalRequestOf(event, at);
  const { request, notified } = await receiveApprovalRequest(
    { store, notifier },
    eventDerivedId('req', event),
    fields,
    at,
  );
  const { id, team, model, until, status } = request;
  return { request: { id, team, model, until, status }, notified };
}
