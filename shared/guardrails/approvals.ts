import { randomBytes } from 'node:crypto';
import { createState, readState, updateState } from '../anomaly/state-object';
import type { ObjectStore } from '../ports/object-store';
import type { ApprovalRequest } from './approval-requests';
import { ApprovalNotFoundError } from './errors';
import { globMatch } from './match';

/** The approvals in force and past, one object. */
export const APPROVALS_KEY = '_state/guardrails/approvals.json';
/** One object per grant or revocation, never rewritten: who, when, why. */
export const APPROVAL_AUDIT_ROOT = '_state/guardrails/approvals-audit';

/** Permission for a team (optionally one feature) to call a model (id pattern) until a UTC day. */
export interface Approval {
  id: string;
  team: string;
  feature?: string;
  model: string;
  /** Last UTC day covered. */
  until: string;
  by: string;
  reason: string;
  grantedAt: string;
  revokedAt?: string;
  revokedBy?: string;
  revokeReason?: string;
  /** The approval request this grant answered, when it answered one. */
  requestId?: string;
}

/** One audit entry: a request coming in, a grant, a revocation. */
export interface ApprovalAuditEntry {
  action: 'request' | 'grant' | 'revoke';
  /** The approval's id (for a request entry, the request's id). */
  approvalId: string;
  by: string;
  at: string;
  reason: string;
  /** The approval granted or revoked (absent on request entries). */
  approval?: Approval;
  /** The request recorded (request entries only). */
  request?: ApprovalRequest;
}

interface ApprovalsState {
  approvals: Approval[];
}

/** A call (summed per day) that an approval may cover. */
export interface ApprovableCall {
  team: string;
  feature: string;
  model: string;
  day: string;
}

/**
 * Whether `approval` covers `call`: same team, same feature when the approval names one, a matching
 * model, on a day from the grant's day to `until`. Days are whole: a revocation takes effect for the
 * whole UTC day it was made (the calls are summed per day).
 */
export function covers(approval: Approval, call: ApprovableCall): boolean {
  return (
    approval.team === call.team &&
    (approval.feature === undefined || approval.feature === call.feature) &&
    globMatch(approval.model, call.model) &&
    approval.grantedAt.slice(0, 10) <= call.day &&
    call.day <= approval.until &&
    (approval.revokedAt === undefined || call.day < approval.revokedAt.slice(0, 10))
  );
}

/** Every approval ever recorded (revoked and expired ones too). */
export async function listApprovals(store: ObjectStore): Promise<Approval[]> {
  return (await readState<ApprovalsState>(store, APPROVALS_KEY))?.value.approvals ?? [];
}

/**
 * Writes one audit entry, never rewritten: its key is made of the time, the id and the action, so
 * writing the same entry again (a retried event) leaves the one already there.
 */
export async function recordAudit(store: ObjectStore, entry: ApprovalAuditEntry): Promise<void> {
  const stamp = entry.at.replace(/[:.]/g, '');
  await createState(store, `${APPROVAL_AUDIT_ROOT}/${stamp}-${entry.approvalId}-${entry.action}.json`, entry);
}

/** What {@link grantApproval} records: who approved what, until when, why. */
export type ApprovalGrant = Omit<Approval, 'id' | 'grantedAt' | 'revokedAt' | 'revokedBy' | 'revokeReason'>;

/**
 * Records an approval (conditional write) and its audit entry. With `id` (derived from an event or
 * a request) granting again is a no-op that returns the approval already recorded, so a redelivered
 * event or a retried grant never records a second approval.
 */
export async function grantApproval(
  store: ObjectStore,
  request: ApprovalGrant,
  at: Date,
  id?: string,
): Promise<Approval> {
  let approval: Approval = {
    id: id ?? `apr-${randomBytes(4).toString('hex')}`,
    ...request,
    grantedAt: at.toISOString(),
  };
  await updateState<ApprovalsState>(store, APPROVALS_KEY, (current) => {
    const existing = current?.approvals.find((a) => a.id === approval.id);
    if (existing) {
      approval = existing;
      return undefined;
    }
    return { approvals: [...(current?.approvals ?? []), approval] };
  });
  await recordAudit(store, {
    action: 'grant',
    approvalId: approval.id,
    by: approval.by,
    at: approval.grantedAt,
    reason: approval.reason,
    approval,
  });
  return approval;
}

/** Revokes an approval (kept, marked revoked) and audits it. Throws when there is no such live approval. */
export async function revokeApproval(
  store: ObjectStore,
  id: string,
  by: string,
  reason: string,
  at: Date,
): Promise<Approval> {
  let revoked: Approval | undefined;
  await updateState<ApprovalsState>(store, APPROVALS_KEY, (current) => {
    revoked = undefined;
    const approvals = current?.approvals ?? [];
    const found = approvals.find((a) => a.id === id && a.revokedAt === undefined);
    if (!found) return undefined;
    revoked = { ...found, revokedAt: at.toISOString(), revokedBy: by, revokeReason: reason };
    return { approvals: approvals.map((a) => (a.id === id ? (revoked as Approval) : a)) };
  });
  if (!revoked) throw new ApprovalNotFoundError(`no live approval '${id}'`);
  await recordAudit(store, {
    action: 'revoke',
    approvalId: id,
    by,
    at: at.toISOString(),
    reason,
    approval: revoked,
  });
  return revoked;
}

/** The audit trail, oldest first. */
export async function approvalAudit(store: ObjectStore): Promise<ApprovalAuditEntry[]> {
  const entries: ApprovalAuditEntry[] = [];
  for await (const info of store.list(`${APPROVAL_AUDIT_ROOT}/`)) {
    const bytes = await store.getBytes(info.key);
    entries.push(JSON.parse(Buffer.from(bytes).toString('utf8')) as ApprovalAuditEntry);
  }
  // At the same instant a request comes before its grant, a grant before its revocation.
  const rank = { request: 0, grant: 1, revoke: 2 } as const;
  return entries.sort((a, b) => a.at.localeCompare(b.at) || rank[a.action] - rank[b.action]);
}

/** Whether an approval is live at `at` (granted, not revoked, `until` not passed). */
export const isLive = (a: Approval, at: Date): boolean =>
  a.revokedAt === undefined && at.toISOString().slice(0, 10) <= a.until;
