import { stat } from 'node:fs/promises';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { dayWindow, ingestBedrockLogs } from '../../shared/bedrock';
import { BuildSettingsChangedError } from '../../shared/bedrock/build-settings';
import { StoreInsideSourceError } from '../../shared/bedrock/ingest';
import { rebuildBedrockDays } from '../../shared/bedrock/rebuild';
import { InvalidWindowError, parseDay } from '../../shared/lake/utc';
import { systemClock } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import type { IngestOptions } from './ingest-command';
import { describeIngest, describeRebuild } from './ingest-summary';
import { MergePool } from './merge-pool';
import { ReadPool } from './read-pool';

/**
 * `--threads`: a positive whole number; 1 by default. More threads stage a large source on workers
 * (see `ReadPool`) and shuffle and merge a large day's buckets on them (`MergePool`): on two cores a
 * day of logs ingests in about two thirds of one thread's time, while an hour gains nothing and costs a
 * third more CPU (see the README's benchmarks), so they are opt-in.
 */
function threadCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--threads must be a whole number from 1 to 64, got '${text}'`);
  return n;
}

/** A local source must be a folder that exists: a typo must not read as "0 folders". */
async function assertReadableSource(location: string): Promise<void> {
  const where = parseLocation(location);
  if (where.kind !== 'local') return;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(where.path);
  } catch (error) {
    throw new UsageError(
      `--source ${location}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such folder' : (error as Error).message}`,
    );
  }
  if (!info.isDirectory()) throw new UsageError(`--source ${location} is a file, not a folder of logs`);
}

/** `genai-finops ingest bedrock-logs`: a window of raw logs into bedrock_invocations, or `--rebuild` of its days. */
export async function runIngestBedrockLogs(opts: IngestOptions): Promise<void> {
  const config = loadConfig(opts.config);
  const sourceLocation = opts.source ?? config.ingest.source;
  const storeLocation = opts.store ?? config.ingest.store;
  if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
  // The AWS SDK is loaded only when asked for: it costs a local run a large share of its start-up.
  const resolver = opts.resolveProfiles
    ? new (await import('../../shared/adapters/aws/bedrock-model-resolver')).BedrockModelResolver()
    : undefined;
  if (opts.rebuild) {
    if (opts.from !== undefined) parseDay(opts.from, '--from');
    if (opts.to !== undefined) parseDay(opts.to, '--to');
    if (opts.from !== undefined && opts.to !== undefined && opts.to < opts.from) {
      throw new InvalidWindowError('--to must not be before --from');
    }
    const rebuilt = await rebuildBedrockDays(
      { store: openStore(storeLocation), config, clock: systemClock, resolver },
      { from: opts.from, to: opts.to },
    );
    const { days: _days, ...summary } = rebuilt;
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(describeRebuild(rebuilt));
    return;
  }
  if (!sourceLocation) throw new UsageError('--source is required (or set ingest.source in the config)');
  // Folders are hour-of-arrival: read the look-back past --to so late records of its last day are in.
  const window = dayWindow(opts.from, opts.to, systemClock.now(), config.ingest.lookbackHours);
  const source = openStore(sourceLocation);
  await assertReadableSource(sourceLocation);
  // With --threads N (default 1): this thread and N - 1 workers read, parse and stage the logs.
  const threads = threadCount(opts.threads);
  const pool = ReadPool.open(source, sourceLocation, threads);
  const store = openStore(storeLocation);
  // And the buckets of a day too large for one pass are merged on as many threads.
  const merges = MergePool.open({ store, location: storeLocation, config, resolver }, threads);
  const summary = await ingestBedrockLogs(
    {
      source,
      readObject: pool?.read,
      merger: merges?.merger,
      store,
      config,
      clock: systemClock,
      resolver,
    },
    { window, force: opts.force },
  )
    .catch((error: unknown) => {
      if (error instanceof StoreInsideSourceError || error instanceof BuildSettingsChangedError)
        throw new UsageError(error.message);
      throw error;
    })
    .finally(() => Promise.all([pool?.close(), merges?.close()]));
  if (opts.json) {
    process.stderr.write(describeIngest(summary));
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(describeIngest(summary));
  }
  if (summary.unitsFailed.length > 0) process.exitCode = 1;
}
