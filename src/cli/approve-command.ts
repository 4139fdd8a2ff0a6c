import type { Command } from 'commander';
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
import { registerApprovalRequest } from './approval-request-command';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { terminalSafe } from './safe-text';

interface StoreOptions {
  store?: string;
  config?: string;
}

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

interface ApproveOptions extends StoreOptions {
  request?: string;
  team?: string;
  feature?: string;
  model?: string;
  until?: string;
  by: string;
  reason?: string;
}

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

/** `genai-finops approve …`: lets a team (or one feature) call a model that its environment's policy restricts, until a day. */
export function registerApprove(program: Command): void {
  program
    .command('approve')
    .description(
      'Record an approval in the store (<store>/_state/guardrails/approvals.json) with its audit entry: give --team, --model, --until and --reason, or --request ID to grant a pending request (see approvals list).',
    )
    .option('--request <id>', 'grant this pending approval request (its team, feature, model and until)')
    .option('--team <team>', 'the team approved (required without --request)')
    .option('--feature <feature>', 'only this feature of the team')
    .option(
      '--model <model>',
      'model id or pattern, * matches any run of characters (required without --request)',
    )
    .option('--until <day>', 'last UTC day covered, YYYY-MM-DD (required without --request)')
    .requiredOption('--by <name>', 'who approves')
    .option('--reason <text>', 'why (required without --request; default: the request and its reason)')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .addHelpText(
      'after',
      '\nExamples:\n  genai-finops approve --team search --feature rag --model "anthropic.claude-sonnet-*" --until 2026-03-31 --by dana --reason "eval run"\n  genai-finops approve --request req-1a2b3c4d --by dana',
    )
    .action(async (opts: ApproveOptions) => {
      if (opts.request !== undefined) return approveRequest({ ...opts, request: opts.request });
      const missing = (['team', 'model', 'until', 'reason'] as const).filter((k) => opts[k] === undefined);
      if (missing.length)
        throw new UsageError(
          `--${missing.join(', --')} required (or --request ID to grant a pending request)`,
        );
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
    });
}

/** `genai-finops approvals list|revoke|audit`. */
export function registerApprovals(program: Command): void {
  const approvals = program.command('approvals').description('Approvals: list, request, revoke <id>, audit.');
  registerApprovalRequest(approvals);
  approvals
    .command('list')
    .description(
      'Live approvals, then pending approval requests (from ApprovalRequest events) with the command that grants each.',
    )
    .option('--all', 'include expired and revoked approvals, and granted or expired requests')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (opts: StoreOptions & { all?: boolean }) => {
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
    });
  approvals
    .command('revoke <id>')
    .description('Revoke an approval (it is kept, marked revoked, with an audit entry).')
    .requiredOption('--by <name>', 'who revokes')
    .requiredOption('--reason <text>', 'why')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (id: string, opts: StoreOptions & { by: string; reason: string }) => {
      try {
        const now = systemClock.now();
        const revoked = await revokeApproval(storeOf(opts), id, opts.by, opts.reason, now);
        process.stdout.write(`revoked: ${line(revoked, now)}\n`);
      } catch (error) {
        if (error instanceof ApprovalNotFoundError) throw new UsageError(error.message);
        throw error;
      }
    });
  approvals
    .command('audit')
    .description('The audit trail: every request, grant and revocation, who, when, why.')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (opts: StoreOptions) => {
      for (const e of await approvalAudit(storeOf(opts)))
        process.stdout.write(
          `${terminalSafe(`${e.at}  ${e.action.padEnd(6)} ${e.approvalId}  by ${e.by}: ${e.reason}`)}\n`,
        );
    });
}
