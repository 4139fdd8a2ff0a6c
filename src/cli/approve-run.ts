import { openStore } from '../../shared/adapters/open-store';
import {
  type ApprovalRequest,
  grantApprovalRequest,
  isPending,
  listApprovalRequests,
} from '../../shared/guardrails/approval-requests';
import {
  type Approval,
  approvalAudit,
  grantApproval,
  isLive,
  listApprovals,
  revokeApproval,
} from '../../shared/guardrails/approvals';
import { ApprovalNotFoundError, ApprovalRequestError } from '../../shared/guardrails/errors';
import { systemClock } from '../../shared/ports';
import type { ApproveOptions, StoreOptions } from './approve-command';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { terminalSafe } from './safe-text';

function storeOf(opts: StoreOptions) {
  const location = opts.store ?? loadConfig(opts.config).ingest.store;
  if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
  return openStore(location);
}

const line = (a: Approval, now: Date): string =>
  terminalSafe(
    `${a.id}  ${a.revokedAt ? 'revoked' : isLive(a, now) ? 'live   ' : 'expired'}  team=${a.team}${a.feature ? ` feature=${a.feature}` : ''} model=${a.model} until=${a.until} by=${a.by} (${a.grantedAt}): ${a.reason}${a.revokedAt ? ` | revoked ${a.revokedAt} by ${a.revokedBy}: ${a.revokeReason}` : ''}`,
  );

const requestLine = (r: ApprovalRequest, now: Date): string =>
  terminalSafe(
    `${r.id}  ${r.status === 'granted' ? 'granted' : isPending(r, now) ? 'pending' : 'expired'}  team=${r.team}${r.feature ? ` feature=${r.feature}` : ''} model=${r.model} until=${r.until}${r.environment ? ` env=${r.environment}` : ''} requested by ${r.requestedBy} (${r.requestedAt}): ${r.reason}${r.status === 'granted' ? ` | granted as ${r.approvalId} by ${r.grantedBy}` : ''}`,
  );

/** `genai-finops approve --request ID --by NAME`: grants a pending approval request. */
async function approveRequest(opts: ApproveOptions & { request: string }): Promise<void> {
  const given = (['team', 'feature', 'model', 'until'] as const).filter((k) => opts[k] !== undefined);
  if (given.length)
    throw new UsageError(
      `--request takes team, feature, model and until from the request; drop --${given.join(', --')}`,
    );
  const now = systemClock.now();
  try {
    const { approval } = await grantApprovalRequest(storeOf(opts), opts.request, opts.by, opts.reason, now);
    process.stdout.write(`approved request ${terminalSafe(opts.request)}: ${line(approval, now)}\n`);
  } catch (error) {
    if (error instanceof ApprovalRequestError) throw new UsageError(error.message);
    throw error;
  }
}

/** `genai-finops approve --team … --model … --until … --reason …` (or `--request ID`): records an approval. */
export async function runApprove(opts: ApproveOptions): Promise<void> {
  if (opts.request !== undefined) return approveRequest({ ...opts, request: opts.request });
  const missing = (['team', 'model', 'until', 'reason'] as const).filter((k) => opts[k] === undefined);
  if (missing.length)
    throw new UsageError(`--${missing.join(', --')} required (or --request ID to grant a pending request)`);
  const { team, model, until, reason } = opts as Required<
    Pick<ApproveOptions, 'team' | 'model' | 'until' | 'reason'>
  >;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until)))
    throw new UsageError(`--until must be a day YYYY-MM-DD, got '${until}'`);
  const now = systemClock.now();
  if (until < now.toISOString().slice(0, 10)) throw new UsageError(`--until ${until} is already past`);
  const approval = await grantApproval(
    storeOf(opts),
    {
      team,
      ...(opts.feature !== undefined ? { feature: opts.feature } : {}),
      model,
      until,
      by: opts.by,
      reason,
    },
    now,
  );
  process.stdout.write(`approved: ${line(approval, now)}\n`);
}

/** `genai-finops approvals list`: live approvals, then pending requests (with `all`, past ones too). */
export async function listApprovalsAndRequests(opts: StoreOptions & { all?: boolean }): Promise<void> {
  const now = systemClock.now();
  const store = storeOf(opts);
  const list = (await listApprovals(store)).filter((a) => opts.all || isLive(a, now));
  if (list.length === 0)
    process.stdout.write(opts.all ? 'no approvals\n' : 'no live approvals (--all for past ones)\n');
  for (const a of list) process.stdout.write(`${line(a, now)}\n`);
  const requests = (await listApprovalRequests(store)).filter((r) => opts.all || isPending(r, now));
  if (requests.length === 0) return;
  process.stdout.write(`\n${opts.all ? 'approval requests' : 'pending approval requests'}:\n`);
  for (const r of requests) process.stdout.write(`${requestLine(r, now)}\n`);
  if (requests.some((r) => isPending(r, now)))
    process.stdout.write('grant one with: genai-finops approve --request ID --by NAME\n');
}

/** `genai-finops approvals revoke <id>`. */
export async function runRevoke(
  id: string,
  opts: StoreOptions & { by: string; reason: string },
): Promise<void> {
  try {
    const now = systemClock.now();
    const revoked = await revokeApproval(storeOf(opts), id, opts.by, opts.reason, now);
    process.stdout.write(`revoked: ${line(revoked, now)}\n`);
  } catch (error) {
    if (error instanceof ApprovalNotFoundError) throw new UsageError(error.message);
    throw error;
  }
}

/** `genai-finops approvals audit`: every request, grant and revocation, oldest first. */
export async function printAudit(opts: StoreOptions): Promise<void> {
  for (const e of await approvalAudit(storeOf(opts)))
    process.stdout.write(
      `${terminalSafe(`${e.at}  ${e.action.padEnd(6)} ${e.approvalId}  by ${e.by}: ${e.reason}`)}\n`,
    );
}
