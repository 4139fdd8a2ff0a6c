import { join } from 'node:path';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { parseLocation } from '../../shared/adapters/open-store';
import { UsageError } from './errors';

/** The local folder a `--store` names; s3:// stores are the anomaly function's, not the CLI's. */
export function localStore(location: string | undefined): { path: string; store: FolderStore } {
  if (!location) throw new UsageError('--store is required');
  const parsed = parseLocation(location);
  if (parsed.kind !== 'local') {
    throw new UsageError(
      'this command works on a local store; in AWS the anomaly function runs it after each ingest',
    );
  }
  return { path: parsed.path, store: new FolderStore(parsed.path) };
}

/** Where the local notifier writes the messages it sent. */
export const sentMessagesFile = (storePath: string): string =>
  join(storePath, '_state', 'alerts', 'sent.jsonl');
