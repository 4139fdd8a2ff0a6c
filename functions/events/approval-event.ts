import {
  approvalIdFor,
  listApprovalRequests,
  markRequestGranted,
} from '../../shared/guardrails/approval-requests';
import { type Approval, grantApproval } from '../../shared/guardrails/approvals';
import type { ObjectStore } from '../../shared/ports';
import { dayOfEvent } from './approval-request-event';
import { ProductEventError } from './errors';
import { DetailFields } from './event-fields';
import { eventDerivedId, type ProductEvent } from './product-event';

/**
 * An approval decided in a workflow (a ticketing or chat approval step), recorded exactly as
 * `genai-finops approve` records one:
 * `aws events put-events --entries '[{"Source":"genai-finops","DetailType":"Approval","Detail":"{\"team\":\"search\",\"feature\":\"rag\",\"model\":\"anthropic.claude-sonnet-*\",\"until\":\"2026-03-31\",\"by\":\"dana\",\"reason\":\"eval run\",\"requestId\":\"req-1a2b3c4d\"}"}]'`.
 * Required: `team`, `model`, `until` (YYYY-MM-DD, not past), `by`, `reason`. Optional: `feature`,
 * and `requestId` (the request it answers: its team, feature and model must be the request's, and the
 * request is marked granted; the approval's id is the one `approve --request` would give, so one grant).
 */
export type ApprovalEvent = ProductEvent<'Approval'>;

/** What recording an approval event did. */
export interface ApprovalRecorded {
  approval: Pick<Approval, 'id' | 'team' | 'model' | 'until' | 'by'>;
  /** The request it granted, when it named one that was pending. */
  grantedRequest?: string;
}

/** Records the approval (same core function and audit trail as the CLI), once per event. */
export async function recordApprovalEvent(
  store: ObjectStore,
  at: Date,
  event: ApprovalEvent,
): Promise<ApprovalRecorded> {
  const d = new DetailFields('approval', event.detail);
  const team = d.required('team');
  const feature = d.optional('feature');
  const model = d.required('model');
  const until = d.day('until', dayOfEvent(event, at));
  const by = d.required('by');
  const reason = d.required('reason', 2000);
  const requestId = d.optional('requestId', 64);
  const request = requestId ? (await listApprovalRequests(store)).find((r) => r.id === requestId) : undefined;
  // An approval answering a request approves what was asked (its `until` may be shorter).
  for (const [field, value, asked] of [
    ['team', team, request?.team],
    ['feature', feature, request?.feature],
    ['model', model, request?.model],
  ] as const)
    if (request && value !== asked)
      throw new ProductEventError(
        `approval event: detail.${field} '${value ?? ''}' is not what request ${request.id} asked for ('${asked ?? ''}')`,
      );
  const approval = await grantApproval(
    store,
    { team, ...(feature ? { feature } : {}), model, until, by, reason, ...(requestId ? { requestId } : {}) },
    at,
    // Answering a request: the id the CLI would give it too, so the request is never granted twice.
    requestId ? approvalIdFor(requestId) : eventDerivedId('apr', event),
  );
  const granted = requestId ? await markRequestGranted(store, requestId, approval) : undefined;
  return {
    approval: { id: approval.id, team, model, until, by },
    ...(granted?.approvalId === approval.id ? { grantedRequest: granted.id } : {}),
  };
}
