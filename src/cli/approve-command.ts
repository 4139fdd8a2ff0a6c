import type { Command } from 'commander';
import { registerApprovalRequest } from './approval-request-command';

export interface StoreOptions {
  store?: string;
  config?: string;
}

export interface ApproveOptions extends StoreOptions {
  request?: string;
  team?: string;
  feature?: string;
  model?: string;
  until?: string;
  by: string;
  reason?: string;
}

// The store and the approvals code load with each action (`approve-run`), not for the help.
const run = () => import('./approve-run');

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
    .action(async (opts: ApproveOptions) => (await run()).runApprove(opts));
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
    .action(async (opts: StoreOptions & { all?: boolean }) => (await run()).listApprovalsAndRequests(opts));
  approvals
    .command('revoke <id>')
    .description('Revoke an approval (it is kept, marked revoked, with an audit entry).')
    .requiredOption('--by <name>', 'who revokes')
    .requiredOption('--reason <text>', 'why')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (id: string, opts: StoreOptions & { by: string; reason: string }) =>
      (await run()).runRevoke(id, opts),
    );
  approvals
    .command('audit')
    .description('The audit trail: every request, grant and revocation, who, when, why.')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (opts: StoreOptions) => (await run()).printAudit(opts));
}
