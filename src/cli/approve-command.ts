import type { Command } from 'commander';
import { openStore } from '../../shared/adapters/open-store';
import {
  type Approval,
  approvalAudit,
  grantApproval,
  isLive,
  listApprovals,
  revokeApproval,
} from '../../shared/guardrails/approvals';
import { ApprovalNotFoundError } from '../../shared/guardrails/errors';
import { systemClock } from '../../shared/ports';
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

/** `genai-finops approve …`: lets a team (or one feature) call a model that its environment's policy restricts, until a day. */
export function registerApprove(program: Command): void {
  program
    .command('approve')
    .description(
      'Record an approval in the store (<store>/_state/guardrails/approvals.json) with its audit entry.',
    )
    .requiredOption('--team <team>', 'the team approved')
    .option('--feature <feature>', 'only this feature of the team')
    .requiredOption('--model <model>', 'model id or pattern (* matches any run of characters)')
    .requiredOption('--until <day>', 'last UTC day covered, YYYY-MM-DD')
    .requiredOption('--by <name>', 'who approves')
    .requiredOption('--reason <text>', 'why')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(
      async (
        opts: StoreOptions & {
          team: string;
          feature?: string;
          model: string;
          until: string;
          by: string;
          reason: string;
        },
      ) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.until) || Number.isNaN(Date.parse(opts.until)))
          throw new UsageError(`--until must be a day YYYY-MM-DD, got '${opts.until}'`);
        const now = systemClock.now();
        if (opts.until < now.toISOString().slice(0, 10))
          throw new UsageError(`--until ${opts.until} is already past`);
        const approval = await grantApproval(
          storeOf(opts),
          {
            team: opts.team,
            ...(opts.feature !== undefined ? { feature: opts.feature } : {}),
            model: opts.model,
            until: opts.until,
            by: opts.by,
            reason: opts.reason,
          },
          now,
        );
        process.stdout.write(`approved: ${line(approval, now)}\n`);
      },
    );
}

/** `genai-finops approvals list|revoke|audit`. */
export function registerApprovals(program: Command): void {
  const approvals = program.command('approvals').description('Approvals: list, revoke <id>, audit.');
  approvals
    .command('list')
    .description('Every approval: live, expired and revoked.')
    .option('--all', 'include expired and revoked ones')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (opts: StoreOptions & { all?: boolean }) => {
      const now = systemClock.now();
      const list = (await listApprovals(storeOf(opts))).filter((a) => opts.all || isLive(a, now));
      if (list.length === 0)
        process.stdout.write(opts.all ? 'no approvals\n' : 'no live approvals (--all for past ones)\n');
      for (const a of list) process.stdout.write(`${line(a, now)}\n`);
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
    .description('The audit trail: every grant and revocation, who, when, why.')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (opts: StoreOptions) => {
      for (const e of await approvalAudit(storeOf(opts)))
        process.stdout.write(
          `${terminalSafe(`${e.at}  ${e.action.padEnd(6)} ${e.approvalId}  by ${e.by}: ${e.reason}`)}\n`,
        );
    });
}
