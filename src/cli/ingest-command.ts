import { availableParallelism } from 'node:os';
import type { Command } from 'commander';

export interface IngestOptions {
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

/** `genai-finops ingest bedrock-logs`; the ingest (hyparquet, the AWS SDK for S3) loads when it runs. */
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
      `threads reading and staging logs, and rebuilding a large day: this one and n - 1 workers, started once the source proves large (default 1; this machine has ${availableParallelism()} cores)`,
    )
    .option('--config <file>', 'configuration file (default: ./genai-finops.config.json if present)')
    .addHelpText(
      'after',
      '\nExit status: 0 when every folder was read (rejected lines and damaged objects are reported, not fatal); 1 when a folder could not be read; 2 on bad arguments or configuration.\n\nExample:\n  genai-finops ingest bedrock-logs --source ./exported-logs --store ./lake --from 2026-03-01 --to 2026-03-31',
    )
    .action(async (opts: IngestOptions) => (await import('./ingest-run')).runIngestBedrockLogs(opts));
}
