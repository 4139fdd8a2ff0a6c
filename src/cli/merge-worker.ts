/**
 * A worker thread of `ingest bedrock-logs --threads`: shuffles a large day's staged extracts into
 * bucket objects (a flush group at a time) and merges its buckets (rows deduplicated, attributed,
 * sorted and encoded as the day's part files, with their aggregate shares), so a machine's cores
 * share a day's rebuild. The main thread writes the parts, in order, under the day's lease.
 * Messages in: `{ id, task }` (a `DayTask`); out: `{ id, part?, stats }` or `{ id, error, stats }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { type BucketPart, mergeBucketPart } from '../../shared/bedrock/bucket-part';
import { createCurator } from '../../shared/bedrock/curate-bucket';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { bucketObjects, shuffleGroup } from '../../shared/bedrock/shuffle-day';
import type { AppConfig } from '../../shared/config';
import type { ObjectStore } from '../../shared/ports';
import type { DayTask } from './merge-pool';
import { statsSince } from './worker-support';

const setup = workerData as {
  location: string;
  folder?: string;
  config: AppConfig;
  resolveProfiles: boolean;
};
const port = parentPort;
if (!port) throw new Error('merge-worker runs as a worker thread');
const store: ObjectStore = setup.folder
  ? new FolderStore(setup.folder)
  : (await import('../../shared/adapters/open-store')).openStore(setup.location);
const resolver = setup.resolveProfiles
  ? new (await import('../../shared/adapters/aws/bedrock-model-resolver')).BedrockModelResolver()
  : undefined;
const curate = createCurator(setup.config.attribution, createModelNormalizer(setup.config, resolver));
const sinceLastReport = statsSince(store);

/** Runs one task: a merged bucket comes back with its part files; a shuffled group writes its objects. */
async function run(task: DayTask): Promise<BucketPart | undefined> {
  if (task.kind === 'merge')
    return mergeBucketPart(store, await bucketObjects(store, task.prefix, task.bucket), curate);
  await shuffleGroup(store, task.extracts, task.flush, {
    prefix: task.prefix,
    buckets: task.buckets,
    step: 0,
  });
  return undefined;
}

port.on('message', async (message: { id: number; task: DayTask }) => {
  try {
    const part = await run(message.task);
    const transfer = (part?.parts ?? []).map((p) => p.bytes.buffer as ArrayBuffer);
    port.postMessage({ id: message.id, part, stats: sinceLastReport() }, transfer);
  } catch (error) {
    port.postMessage({
      id: message.id,
      error: { name: (error as Error).name, message: (error as Error).message },
      stats: sinceLastReport(),
    });
  }
});
