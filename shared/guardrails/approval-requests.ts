import { readState, updateState } from '../anomaly/state-object';
import type { ObjectStore } from '../ports/object-store';
import { type Approval, grantApproval, recordAudit } from './approvals';
import { ApprovalRequestError } from './errors';

/** Approval requests, pending and decided, one object beside the approvals. */
export const APPROVAL_REQUESTS_KEY = '_state/guardrails/approval-requests.json';

/** A team asking to call a model its environment's policy restricts, until a UTC day. */
export interface ApprovalRequest {
  /** `req-` and 8 hex digits; the approval that grants it is `apr-` and the same digits. */
  id: string;
  team: string;
  feature?: string;
  model: string;
  /** Last UTC day asked for. */
  until: string;
  /** Where the team wants to use the model (the alert's `environment` attribute), when the request says. */
  environment?: string;
  requestedBy: string;
  reason: string;
  requestedAt: string;
  status: 'pending' | 'granted';
  /** When approvers were told (the alert went out); a redelivered request is not announced twice. */
  notifiedAt?: string;
  approvalId?: string;
  grantedBy?: string;
  grantedAt?: string;
}

/** The fields a request carries in. */
export type ApprovalRequestFields = Pick<
  ApprovalRequest,
  'team' | 'feature' | 'model' | 'until' | 'environment' | 'requestedBy' | 'reason'
>;

interface RequestsState {
  requests: ApprovalRequest[];
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** Every request ever recorded, oldest first. */
export async function listApprovalRequests(store: ObjectStore): Promise<ApprovalRequest[]> {
  return (await readState<RequestsState>(store, APPROVAL_REQUESTS_KEY))?.value.requests ?? [];
}

/** Whether a request still waits for an approver at `at` (not granted, its `until` not passed). */
export const isPending = (r: ApprovalRequest, at: Date): boolean =>
  r.status === 'pending' && dayOf(at) <= r.until;

/** The approval id that grants request `requestId`. */
export const approvalIdFor = (requestId: string): string => requestId.replace(/^req-/, 'apr-');

async function change(
  store: ObjectStore,
  id: string,
  edit: (r: ApprovalRequest) => ApprovalRequest | undefined,
): Promise<ApprovalRequest | undefined> {
  let found: ApprovalRequest | undefined;
  await updateState<RequestsState>(store, APPROVAL_REQUESTS_KEY, (current) => {
    const requests = current?.requests ?? [];
    const r = requests.find((x) => x.id === id);
    found = r;
    const next = r && edit(r);
    if (!next) return undefined;
    found = next;
    return { requests: requests.map((x) => (x.id === id ? next : x)) };
  });
  return found;
}

/**
 * Records a pending request under `id` (conditional write) and its entry in the approvals audit
 * trail. Recording the same id again changes nothing and returns the request as stored, so a
 * redelivered event neither duplicates it nor resets its status.
 */
export async function recordApprovalRequest(
  store: ObjectStore,
  id: string,
  fields: ApprovalRequestFields,
  at: Date,
): Promise<ApprovalRequest> {
  let request: ApprovalRequest = { id, ...fields, requestedAt: at.toISOString(), status: 'pending' };
  await updateState<RequestsState>(store, APPROVAL_REQUESTS_KEY, (current) => {
    const existing = current?.requests.find((r) => r.id === id);
    if (existing) {
      request = existing;
      return undefined;
    }
    return { requests: [...(current?.requests ?? []), request] };
  });
  await recordAudit(store, {
    action: 'request',
    approvalId: request.id,
    by: request.requestedBy,
    at: request.requestedAt,
    reason: request.reason,
    request: { ...request, status: 'pending' },
  });
  return request;
}

/** Marks a request as announced to its approvers. */
export async function markRequestNotified(store: ObjectStore, id: string, at: Date): Promise<void> {
  await change(store, id, (r) => (r.notifiedAt ? undefined : { ...r, notifiedAt: at.toISOString() }));
}

/**
 * Grants a pending request: records the approval with the request's team, feature, model and
 * `until` through {@link grantApproval} (same store object, same audit trail), recording who
 * approved, then marks the request granted. Idempotent: the approval's id is derived from the
 * request's, so a retry after a crash between the two writes grants nothing twice.
 * Throws `ApprovalRequestError` when there is no such request, it was granted already, or it expired.
 */
export async function grantApprovalRequest(
  store: ObjectStore,
  requestId: string,
  by: string,
  reason: string | undefined,
  at: Date,
): Promise<{ request: ApprovalRequest; approval: Approval }> {
  const request = (await listApprovalRequests(store)).find((r) => r.id === requestId);
  if (!request) throw new ApprovalRequestError(`no approval request '${requestId}'`);
  if (request.status === 'granted')
    throw new ApprovalRequestError(
      `approval request '${requestId}' was granted already (${request.approvalId} by ${request.grantedBy})`,
    );
  if (!isPending(request, at))
    throw new ApprovalRequestError(`approval request '${requestId}' expired on ${request.until}`);
  const approval = await grantApproval(
    store,
    {
      team: request.team,
      ...(request.feature !== undefined ? { feature: request.feature } : {}),
      model: request.model,
      until: request.until,
      by,
      reason: reason ?? `request ${request.id} by ${request.requestedBy}: ${request.reason}`,
      requestId: request.id,
    },
    at,
    approvalIdFor(request.id),
  );
  const granted = await change(store, requestId, (r) =>
    r.status === 'granted'
      ? undefined
      : {
          ...r,
          status: 'granted',
          approvalId: approval.id,
          grantedBy: approval.by,
          grantedAt: approval.grantedAt,
        },
  );
  return { request: granted ?? request, approval };
}

/**
 * After an approval that names `requestId` was recorded some other way (an `Approval` event from a
 * workflow), marks the request granted by it. Unknown or already granted requests are left alone.
 */
export async function markRequestGranted(
  store: ObjectStore,
  requestId: string,
  approval: Approval,
): Promise<ApprovalRequest | undefined> {
  return change(store, requestId, (r) =>
    r.status === 'granted'
      ? undefined
      : {
          ...r,
          status: 'granted',
          approvalId: approval.id,
          grantedBy: approval.by,
          grantedAt: approval.grantedAt,
        },
  );
}
