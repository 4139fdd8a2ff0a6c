import { randomBytes } from 'node:crypto';
import { FileNotifier } from '../../shared/adapters/local/file-notifier';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseLocation } from '../../shared/adapters/open-store';
import { receiveApprovalRequest } from '../../shared/guardrails/receive-approval-request';
import { systemClock } from '../../shared/ports';
import type { RequestOptions } from './approval-request-command';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { sentMessagesFile } from './local-store';
import { terminalSafe } from './safe-text';

/** `genai-finops approvals request …` on a local store: recorded pending and announced, as the event does in AWS. */
export async function runApprovalRequest(opts: RequestOptions): Promise<void> {
  const location = opts.store ?? loadConfig(opts.config).ingest.store;
  if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
  const where = parseLocation(location);
  if (where.kind !== 'local')
    throw new UsageError(
      'approvals request works on a local store; in AWS put an ApprovalRequest event (source genai-finops) on the default bus',
    );
  const now = systemClock.now();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.until) || Number.isNaN(Date.parse(opts.until)))
    throw new UsageError(`--until must be a day YYYY-MM-DD, got '${opts.until}'`);
  if (opts.until < now.toISOString().slice(0, 10))
    throw new UsageError(`--until ${opts.until} is already past`);
  const print = (text: string) => process.stdout.write(`${terminalSafe(text.split('\n')[0] ?? '')}\n`);
  const { request } = await receiveApprovalRequest(
    {
      store: new FolderStore(where.path),
      notifier: new FileNotifier(sentMessagesFile(where.path), print),
    },
    `req-${randomBytes(4).toString('hex')}`,
    {
      team: opts.team,
      ...(opts.feature !== undefined ? { feature: opts.feature } : {}),
      model: opts.model,
      until: opts.until,
      ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
      requestedBy: opts.by,
      reason: opts.reason,
    },
    now,
  );
  process.stdout.write(
    `requested: ${terminalSafe(request.id)} (grant with: genai-finops approve --request ${terminalSafe(request.id)} --by NAME)\n`,
  );
}
