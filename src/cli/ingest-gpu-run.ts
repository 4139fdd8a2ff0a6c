import { openStore } from '../../shared/adapters/open-store';
import type { AppConfig } from '../../shared/config';
import { GpuInputError } from '../../shared/gpu/errors';
import { type GpuIngestSummary, ingestGpuSeries } from '../../shared/gpu/ingest';
import { gpuMetricRequest } from '../../shared/gpu/print-request';
import { backfillRunPlan, scheduledRunPlan } from '../../shared/gpu/run-plan';
import { staticDirectory } from '../../shared/gpu/saved-resources';
import { dayWindow } from '../../shared/gpu/window';
import { type Clock, systemClock } from '../../shared/ports';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { int } from './format';
import { savedInput } from './gpu-saved-input';
import type { GpuOptions } from './ingest-gpu-command';
import { terminalSafe } from './safe-text';

const hours = (w: { from: string; to: string }) => (Date.parse(w.to) - Date.parse(w.from)) / 3_600_000;

/** The human-readable summary of a GPU metrics ingest. */
export function describeGpuIngest(s: GpuIngestSummary): string {
  const skipped = Object.entries(s.seriesSkipped).map(([why, n]) => `${why} ${int(n)}`);
  const lines = [
    `Ingested GPU metrics from ${s.source}`,
    `  window    ${s.window.from} to ${s.window.to} (${int(hours(s.window))} hours)`,
    `  series    ${int(s.seriesRead)} read, ${int(s.datapoints)} data points${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}${s.partialSeries ? `; ${int(s.partialSeries)} PARTIAL (CloudWatch had more data)` : ''}`,
    `  memory    ${s.memoryRead ? 'read for these hours' : 'not read this run: the hours keep what gpu_hourly has (filled on the next memory run, gpu.memoryEveryHours)'}`,
    `  resources ${int(s.resources.ec2)} ec2, ${int(s.resources.sagemaker)} sagemaker, ${int(s.resources.eks)} eks`,
    `  wrote     ${int(s.rowsWritten)} resource-hours in ${s.partitions.length} day partition${s.partitions.length === 1 ? '' : 's'} of gpu_hourly under ${s.store}`,
    `  requests  ${int(s.requests.getMetricData)} GetMetricData, ${int(s.requests.listMetrics)} ListMetrics, ${int(s.requests.describe)} describe${s.requests.throttled ? ` (${int(s.requests.throttled)} throttled, retried)` : ''}; ${int(s.metricsRequested)} metrics requested ≈ $${s.estimatedCostUsd.toFixed(4)}`,
  ];
  for (const u of s.unresolved.slice(0, 5))
    lines.push(`  skipped   ${u.source} ${terminalSafe(u.resourceId)}: ${u.reason}`);
  if (s.unresolved.length > 5) lines.push(`            … and ${s.unresolved.length - 5} more`);
  if (s.valuesCapped) lines.push(`  capped    ${int(s.valuesCapped)} values above 100 % at 100`);
  for (const f of s.unitsFailed) lines.push(`  FAILED    dt=${f.dt}: ${f.error}`);
  lines.push(`  took      ${s.seconds.toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

/** Runs the ingest against CloudWatch with the default credential chain. */
async function runLive(
  config: AppConfig,
  opts: GpuOptions,
  store: string,
  clock: Clock,
): Promise<GpuIngestSummary> {
  if (opts.to !== undefined && opts.from === undefined) throw new UsageError('--to needs --from');
  const now = clock.now();
  const plan =
    opts.from !== undefined
      ? backfillRunPlan(dayWindow(opts.from, opts.to, now), now)
      : scheduledRunPlan(now, config.gpu, now);
  // Imported here: the SDK clients load only when AWS is called.
  const { CloudWatchMetricSource } = await import('../../shared/adapters/aws/cloudwatch-metric-source');
  const { AwsResourceDirectory } = await import('../../shared/adapters/aws/aws-resource-directory');
  const { seriesFromSource } = await import('../../shared/gpu/series-from-source');
  const lake = openStore(store);
  const input = await seriesFromSource(CloudWatchMetricSource.create(clock), config.gpu, plan, now, lake);
  const directory = AwsResourceDirectory.create();
  return ingestGpuSeries({ store: lake, clock, config, directory }, input, plan.window);
}

/** `genai-finops ingest gpu-metrics`: print the request, or ingest saved responses or CloudWatch into gpu_hourly. */
export async function runIngestGpu(opts: GpuOptions): Promise<void> {
  const config = loadConfig(opts.config);
  if (opts.printRequest) {
    if (opts.from === undefined) throw new UsageError('--print-request needs --from (and --to)');
    const plan = backfillRunPlan(dayWindow(opts.from, opts.to), systemClock.now());
    const request = gpuMetricRequest(config.gpu, plan.window, plan.query, plan.readMemory);
    process.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
    process.stderr.write(
      'Run: aws cloudwatch get-metric-data --cli-input-json file://request.json > metrics.json\nthen: genai-finops ingest gpu-metrics --from-file metrics.json --request request.json --resources <describe outputs>\n(SEARCH finds metrics with data in the past two weeks; each query lists the series it returns.)\n',
    );
    return;
  }
  if (!opts.fromFile && (opts.request || opts.resources))
    throw new UsageError('--request and --resources go with --from-file');
  const storeLocation = opts.store ?? config.ingest.store;
  if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
  let summary: GpuIngestSummary;
  if (opts.fromFile) {
    const saved = await savedInput(opts).catch((error: unknown) => {
      if (error instanceof GpuInputError) throw new UsageError(error.message);
      throw error;
    });
    if (!saved.window)
      throw new UsageError('the saved responses hold no data points: give --from/--to to clear those days');
    summary = await ingestGpuSeries(
      {
        store: openStore(storeLocation),
        clock: systemClock,
        config,
        directory: staticDirectory(saved.resources),
      },
      saved.input,
      saved.window,
    );
  } else summary = await runLive(config, opts, storeLocation, systemClock);
  if (opts.json) {
    process.stderr.write(describeGpuIngest(summary));
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else process.stdout.write(describeGpuIngest(summary));
  if (summary.unitsFailed.length > 0) process.exitCode = 1;
}
