import { randomBytes } from 'node:crypto';
import { createState, readState, updateState } from '../anomaly/state-object';
import type { ObjectStore } from '../ports/object-store';
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
}

/** One audit entry. */
export interface ApprovalAuditEntry {
  action: 'grant' | 'revoke';
  approvalId: string;
  by: string;
  at: string;
  reason: string;
  approval: Approval;
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

async function audit(store: ObjectStore, entry: ApprovalAuditEntry): Promise<void> {
  const stamp = entry.at.replace(/[:.]/g, '');
  await createState(store, `${APPROVAL_AUDIT_ROOT}/${stamp}-${entry.approvalId}-${entry.action}.json`, entry);
}

/** Records an approval (conditional write) and its audit entry. */
export async function grantApproval(
  store: ObjectStore,
  request: Omit<Approval, 'id' | 'grantedAt' | 'revokedAt' | 'revokedBy' | 'revokeReason'>,
  at: Date,
): Promise<Approval> {
  const approval: Approval = {
    id: `apr-${randomBytes(4).toString('hex')}`,
    ...request,
    grantedAt: at.toISOString(),
  };
  await updateState<ApprovalsState>(store, APPROVALS_KEY, (current) => ({
    approvals: [...(current?.approvals ?? []), approval],
  }));
  await audit(store, {
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
  await audit(store, {
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
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** Whether an approval is live at `at` (granted, not revoked, `until` not passed). */
export const isLive = (a: Approval, at: Date): boolean =>
  a.revokedAt === undefined && at.toISOString().slice(0, 10) <= a.until;
