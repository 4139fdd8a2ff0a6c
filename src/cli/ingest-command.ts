import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { dayWindow, type IngestSummary, ingestBedrockLogs } from '../../shared/bedrock';
import { BuildSettingsChangedError } from '../../shared/bedrock/build-settings';
import { StoreInsideSourceError } from '../../shared/bedrock/ingest';
import { type RebuildSummary, rebuildBedrockDays } from '../../shared/bedrock/rebuild';
import { InvalidWindowError, parseDay } from '../../shared/lake/utc';
import { systemClock } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { bytes, int } from './format';
import { ReadPool } from './read-pool';

interface IngestOptions {
  source?: string;
  store?: string;
  from?: string;
  to?: string;
  json?: boolean;
  force?: boolean;
  rebuild?: boolean;
  resolveProfiles?: boolean;
  threads?: string;
  config?: string;
}

/**
 * `--threads`: a positive whole number; 1 by default. More threads stage a large source on workers
 * (see `ReadPool`), but on two shared cores they cost about a quarter more CPU in all than they
 * save in wall time (see the README's benchmarks), so they are opt-in.
 */
function threadCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--threads must be a whole number from 1 to 64, got '${text}'`);
  return n;
}

/** The human-readable summary of an ingest run. */
export function describeIngest(s: IngestSummary): string {
  const lines = [
    `Ingested Bedrock invocation logs from ${s.source}`,
    `  units     ${int(s.unitsSeen)} folders: ${int(s.unitsRead)} read, ${int(s.unitsUnchanged)} unchanged since last run${s.unitsFailed.length ? `, ${s.unitsFailed.length} FAILED` : ''}`,
    `  read      ${int(s.filesRead)} files, ${bytes(s.bytesRead)} (${bytes(s.bytesDecompressed)} uncompressed), ${int(s.linesRead)} lines`,
    `  wrote     ${int(s.recordsWritten)} invocations in ${s.partitions.length} day partition${s.partitions.length === 1 ? '' : 's'} of bedrock_invocations under ${s.store}`,
    `  dropped   ${int(s.duplicatesDropped)} duplicate deliveries (same requestId)${s.duplicatesConflicting ? `, ${int(s.duplicatesConflicting)} with different content (the record with the most tokens was kept)` : ''}`,
  ];
  const reasons = Object.entries(s.rejectReasons)
    .map(([r, n]) => `${r} ${int(n ?? 0)}`)
    .join(', ');
  lines.push(`  rejected  ${int(s.linesRejected)} lines${reasons ? `: ${reasons}` : ''}`);
  // Files relative to the source, which the first line names in full.
  const rel = (file: string) => (file.startsWith(`${s.source}/`) ? file.slice(s.source.length + 1) : file);
  for (const x of s.rejectSamples.slice(0, 5)) {
    lines.push(`            ${rel(x.file)}:${x.line} ${x.reason}${x.field ? ` (${x.field})` : ''}`);
  }
  for (const d of s.damagedObjects) {
    lines.push(`  damaged   ${rel(d.file)}: ${d.message}; its complete lines were kept`);
  }
  for (const f of s.unitsFailed)
    lines.push(`  FAILED    ${f.folder}: ${f.code ? `${f.code} ` : ''}${f.error}`);
  const skipped = Object.entries(s.filesSkipped).map(([r, n]) => `${r} ${int(n ?? 0)}`);
  if (skipped.length) lines.push(`  skipped   ${skipped.join(', ')} (not invocation records)`);
  lines.push(`  took      ${s.seconds.toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

/** The human-readable summary of a rebuild: what it rewrote and whom it re-attributed. */
export function describeRebuild(r: RebuildSummary): string {
  const lines = [
    `Rebuilt ${r.partitions.length} day partition${r.partitions.length === 1 ? '' : 's'} of bedrock_invocations (${int(r.recordsWritten)} invocations) from the staged extracts`,
  ];
  for (const d of r.settingsChanged) lines.push(`  setting   ${d}`);
  const teams = Object.entries(r.teamsChanged);
  if (teams.length === 0) lines.push('  teams     no row changed team');
  else {
    lines.push(`  teams     ${int(r.rowsReattributed)} rows re-attributed:`);
    for (const [team, n] of teams) lines.push(`            ${n > 0 ? '+' : ''}${int(n)} ${team}`);
  }
  return `${lines.join('\n')}\n`;
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

/** `genai-finops ingest bedrock-logs`. */
export function registerIngest(program: Command): void {
  const ingest = program.command('ingest').description('Pull a source into the curated Parquet tables.');
  ingest
    .command('bedrock-logs')
    .description(
      'Ingest Amazon Bedrock model-invocation logs (gzip NDJSON in the S3 layout Bedrock writes, or CloudWatch Logs exports) into the bedrock_invocations table, one Parquet partition per UTC day, deduplicated by requestId. Safe to rerun: a rerun of any window gives the same table.',
    )
    .option(
      '--source <location>',
      'folder or s3://bucket/prefix holding AWSLogs/… (default: ingest.source in the config)',
    )
    .option(
      '--store <location>',
      'folder or s3://bucket/prefix for the curated tables (default: ingest.store)',
    )
    .option('--from <YYYY-MM-DD>', 'first UTC day of hour folders to read (default: all)')
    .option('--to <YYYY-MM-DD>', 'last UTC day of hour folders to read, inclusive (default: up to now)')
    .option('--force', 're-read every log object, even those unchanged since they were last ingested')
    .option(
      '--rebuild',
      'rebuild the days between --from and --to from what was already ingested, without reading raw logs (after changing the attribution mapping)',
    )
    .option(
      '--resolve-profiles',
      'resolve application inference profile ARNs with Bedrock GetInferenceProfile (needs AWS credentials)',
    )
    .option(
      '--json',
      'end with one JSON line of counts (files, records, duplicates, rejects by reason, bytes, seconds)',
    )
    .option(
      '--threads <n>',
      `threads reading and staging logs: this one and n - 1 workers, started once the source proves large (default 1; this machine has ${availableParallelism()} cores)`,
    )
    .option('--config <file>', 'configuration file (default: ./genai-finops.config.json if present)')
    .addHelpText(
      'after',
      '\nExit status: 0 when every folder was read (rejected lines and damaged objects are reported, not fatal); 1 when a folder could not be read; 2 on bad arguments or configuration.\n\nExample:\n  genai-finops ingest bedrock-logs --source ./exported-logs --store ./lake --from 2026-03-01 --to 2026-03-31',
    )
    .action(async (opts: IngestOptions) => {
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
      // Reading and parsing logs is most of the work: spread it over the machine's cores.
      const pool = ReadPool.open(source, sourceLocation, threadCount(opts.threads));
      const summary = await ingestBedrockLogs(
        {
          source,
          readObject: pool?.read,
          store: openStore(storeLocation),
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
        .finally(() => pool?.close());
      if (opts.json) {
        process.stderr.write(describeIngest(summary));
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } else {
        process.stdout.write(describeIngest(summary));
      }
      if (summary.unitsFailed.length > 0) process.exitCode = 1;
    });
}
