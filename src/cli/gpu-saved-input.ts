import { readFile } from 'node:fs/promises';
import type { SeriesInput } from '../../shared/gpu/ingest';
import { parseSavedRequest, type SavedRequest } from '../../shared/gpu/saved-request';
import { readSavedResources } from '../../shared/gpu/saved-resources';
import { readSavedResponses } from '../../shared/gpu/saved-responses';
import { dataWindow, dayWindow, type GpuWindow, requestWindow } from '../../shared/gpu/window';
import { UsageError } from './errors';
import type { GpuOptions } from './ingest-gpu-command';

async function readAll(files: readonly string[], flag: string): Promise<{ file: string; text: string }[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, text: await readFile(file, 'utf8') };
      } catch (error) {
        throw new UsageError(
          `${flag} ${file}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
    }),
  );
}

/** Saved responses (and request, describe outputs) as the run's input; every file is read and checked before anything is written. */
export async function savedInput(
  opts: Pick<GpuOptions, 'fromFile' | 'request' | 'resources' | 'from' | 'to'>,
): Promise<{
  input: SeriesInput;
  window: GpuWindow | undefined;
  resources: ReturnType<typeof readSavedResources>;
}> {
  const files = await readAll(opts.fromFile ?? [], '--from-file');
  let request: SavedRequest | undefined;
  if (opts.request) {
    const [r] = await readAll([opts.request], '--request');
    request = parseSavedRequest((r as { text: string }).text, opts.request);
  }
  const saved = readSavedResponses(files, request);
  const resources = readSavedResources(await readAll(opts.resources ?? [], '--resources'));
  const window =
    opts.from !== undefined
      ? dayWindow(opts.from, opts.to)
      : request?.start !== undefined && request.end !== undefined
        ? requestWindow(request.start, request.end)
        : dataWindow(saved.series.map((s) => s.timestamps));
  return {
    input: {
      kind: 'files',
      origin: files.map((f) => f.file).join(', '),
      series: saved.series,
      // Saved files follow a backfill's plan: memory for the whole window (`backfillRunPlan`).
      memoryRead: true,
      metricsRequested: saved.metricsRequested,
      getMetricDataRequests: saved.pages,
      listMetricsRequests: 0,
      throttled: 0,
      partialSeries: saved.partialSeries,
      skipped: saved.skipped,
    },
    window,
    resources,
  };
}
