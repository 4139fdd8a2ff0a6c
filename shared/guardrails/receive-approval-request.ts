import type { Notifier } from '../ports/notifier';
import type { ObjectStore } from '../ports/object-store';
import { approvalRequestMessage } from './approval-request-message';
import {
  type ApprovalRequest,
  type ApprovalRequestFields,
  markRequestNotified,
  recordApprovalRequest,
} from './approval-requests';

/**
 * An approval request coming in: recorded as pending in the store (with its audit entry), then
 * announced to the team's approvers on the alerts topic, then marked announced. A redelivery of
 * the same request (same `id`) records nothing new and announces only if no earlier delivery did,
 * so approvers hear of it at least once and, short of a crash between send and mark, once.
 */
export async function receiveApprovalRequest(
  deps: { store: ObjectStore; notifier: Notifier },
  id: string,
  fields: ApprovalRequestFields,
  at: Date,
): Promise<{ request: ApprovalRequest; notified: boolean }> {
  const request = await recordApprovalRequest(deps.store, id, fields, at);
  if (request.notifiedAt || request.status !== 'pending') return { request, notified: false };
  await deps.notifier.publish(approvalRequestMessage(request));
  await markRequestNotified(deps.store, id, at);
  return { request, notified: true };
}
