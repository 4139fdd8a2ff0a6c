import type { Command } from 'commander';

export interface RequestOptions {
  team: string;
  feature?: string;
  model: string;
  until: string;
  environment?: string;
  by: string;
  reason: string;
  store?: string;
  config?: string;
}

/**
 * `genai-finops approvals request …`: what an `ApprovalRequest` event does in AWS, on a local store:
 * the request recorded pending (with its audit entry) and announced as an alert (printed and
 * appended to `<store>/_state/alerts/sent.jsonl`).
 */
export function registerApprovalRequest(approvals: Command): void {
  approvals
    .command('request')
    .description(
      'Ask for an approval on a local store, as an ApprovalRequest event does in AWS: recorded pending and announced to the team.',
    )
    .requiredOption('--team <team>', 'the team asking')
    .option('--feature <feature>', 'only this feature of the team')
    .requiredOption('--model <model>', 'model id or pattern (* matches any run of characters)')
    .requiredOption('--until <day>', 'last UTC day asked for, YYYY-MM-DD')
    .option('--environment <env>', 'where the model is wanted (the alert’s environment attribute)')
    .requiredOption('--by <name>', 'who asks')
    .requiredOption('--reason <text>', 'why')
    .option('--store <location>', 'a local folder (default: ingest.store); in AWS put the event instead')
    .option('--config <file>', 'configuration file')
    .action(async (opts: RequestOptions) =>
      (await import('./approval-request-run')).runApprovalRequest(opts),
    );
}
