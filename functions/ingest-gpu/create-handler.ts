import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { openStore } from '../../shared/adapters/open-store';
import { type AppConfig, InvalidConfigError } from '../../shared/config';
import { type GpuIngestSummary, ingestGpuSeries } from '../../shared/gpu/ingest';
import { backfillRunPlan, scheduledRunPlan } from '../../shared/gpu/run-plan';
import { seriesFromSource } from '../../shared/gpu/series-from-source';
import { dayWindow } from '../../shared/gpu/window';
import type { Clock, MetricSource, ResourceDirectory } from '../../shared/ports';
import { runJob, scheduledTime } from '../shared/run-job';

/** The schedule's `{ time }`, or a backfill `{ from: 'YYYY-MM-DD', to?: 'YYYY-MM-DD' }` sent by hand. */
export interface GpuIngestEvent {
  time?: string;
  from?: string;
  to?: string;
}

/** Everything the handler talks to, injected so tests use mocks and a fixed clock. */
export interface GpuIngestHandlerDeps {
  config: AppConfig;
  s3: S3Client;
  /** A new source per run, so each summary counts that run's requests. */
  metrics: () => MetricSource;
  directory: () => ResourceDirectory;
  clock: Clock;
  logger: Logger;
  telemetry: Metrics;
}

/**
 * Builds the GPU metrics handler: the look-back hours before the scheduled time (with memory on
 * every `gpu.memoryEveryHours`-th hour, see `scheduledRunPlan`), or the days asked for (with memory).
 */
export function createGpuIngestHandler(
  deps: GpuIngestHandlerDeps,
): (event?: GpuIngestEvent, context?: Partial<Context>) => Promise<GpuIngestSummary> {
  const { config, logger, telemetry } = deps;
  const { store } = config.ingest;
  if (!store) throw new InvalidConfigError('ingest.store', 'the function needs ingest.store');
  return (event = {}, context) =>
    runJob({
      name: 'ingest gpu-metrics',
      logger,
      telemetry,
      context,
      run: async () => {
        const now = deps.clock.now();
        const plan =
          event.from !== undefined
            ? backfillRunPlan(dayWindow(event.from, event.to, now), now)
            : scheduledRunPlan(scheduledTime(event.time, deps.clock), config.gpu, now);
        const lake = openStore(store, { s3Client: deps.s3 });
        const input = await seriesFromSource(deps.metrics(), config.gpu, plan, now, lake);
        return ingestGpuSeries(
          {
            store: lake,
            clock: deps.clock,
            config,
            directory: deps.directory(),
          },
          input,
          plan.window,
        );
      },
      counts: (s) => ({
        GpuRowsWritten: s.rowsWritten,
        GpuMetricsRequested: s.metricsRequested,
        GpuResourcesUnresolved: s.unresolved.length,
        UnitsFailed: s.unitsFailed.length,
      }),
      failure: (s) =>
        s.unitsFailed.length > 0
          ? `${s.unitsFailed.length} day partition(s) of gpu_hourly not written`
          : undefined,
    });
}
