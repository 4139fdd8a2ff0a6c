/**
 * A worker thread of `ingest bedrock-logs --threads`: shuffles a large day's staged extracts into
 * bucket objects (a flush group at a time) and merges its buckets (rows deduplicated, attributed,
 * sorted and encoded as the day's part files, with their aggregate shares), so a machine's cores
 * share a day's rebuild. The main thread writes the parts, in order, under the day's lease.
 * Messages in: `{ id, task }` (a `DayTask`); out: `{ id, part?, stats }` or `{ id, error, stats }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dayTasksHere } from '../../shared/bedrock/bucket-part';
import { createCurator } from '../../shared/bedrock/curate-bucket';
import { createModelNormalizer } from '../../shared/bedrock/normalize-model';
import type { AppConfig } from '../../shared/config';
import type { DayTask } from './merge-pool';
import { openWorkerStore, reply, statsSince, type WorkerStore } from './worker-support';

const setup = workerData as WorkerStore & { config: AppConfig; resolveProfiles: boolean };
if (!parentPort) throw new Error('merge-worker runs as a worker thread');
const port = parentPort;
const store = await openWorkerStore(setup);
const resolver = setup.resolveProfiles
  ? new (await import('../../shared/adapters/aws/bedrock-model-resolver')).BedrockModelResolver()
  : undefined;
const tasks = dayTasksHere(
  store,
  createCurator(setup.config.attribution, createModelNormalizer(setup.config, resolver)),
);
const sinceLastReport = statsSince(store);

port.on('message', (message: { id: number; task: DayTask }) =>
  reply(port, message.id, sinceLastReport, async () => {
    const { task } = message;
    if (task.kind === 'shuffle') {
      await tasks.shuffle(task.prefix, task.buckets, task.extracts, task.flush);
      return { result: {}, transfer: [] };
    }
    // A merged bucket comes back with its part files, moved rather than copied.
    const part = await tasks.merge(task.prefix, task.bucket);
    return { result: { part }, transfer: part.parts.map((p) => p.bytes.buffer as ArrayBuffer) };
  }),
);
