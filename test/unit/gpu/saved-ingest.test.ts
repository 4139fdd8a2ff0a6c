import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { parseConfig } from '../../../shared/config';
import { GpuInputError, MetricAccessError } from '../../../shared/gpu/errors';
import { ingestGpuSeries, type SeriesInput } from '../../../shared/gpu/ingest';
import { parseSavedRequest } from '../../../shared/gpu/saved-request';
import { readSavedResources, staticDirectory } from '../../../shared/gpu/saved-resources';
import { readSavedResponses } from '../../../shared/gpu/saved-responses';
import { dataWindow } from '../../../shared/gpu/window';
import { decodeParquet, type LakeRow } from '../../../shared/lake/parquet';
import { fixedClock } from '../../../shared/ports';

const fixture = (name: string) => ({
  file: name,
  text: readFileSync(join(__dirname, '../../fixtures/gpu', name), 'utf8'),
});
const resources = readSavedResources(
  [
    'describe-instances.json',
    'describe-endpoint.json',
    'describe-endpoint-config.json',
    'get-resources.json',
  ].map(fixture),
);
const config = parseConfig({});

function input(files: string[], request?: string): SeriesInput {
  const req = request ? parseSavedRequest(fixture(request).text, request) : undefined;
  const saved = readSavedResponses(files.map(fixture), req);
  return {
    kind: 'files',
    origin: files.join(', '),
    series: saved.series,
    memoryRead: true,
    metricsRequested: saved.metricsRequested,
    getMetricDataRequests: saved.pages,
    listMetricsRequests: 0,
    throttled: 0,
    partialSeries: saved.partialSeries,
    skipped: saved.skipped,
  };
}

async function ingest(store: FolderStore, files: string[], request?: string) {
  const i = input(files, request);
  const window = dataWindow(i.series.map((s) => s.timestamps));
  if (!window) throw new Error('no data');
  return ingestGpuSeries(
    { store, clock: fixedClock('2026-03-03T00:00:00Z'), config, directory: staticDirectory(resources) },
    i,
    window,
  );
}

async function rows(store: FolderStore): Promise<LakeRow[]> {
  return decodeParquet(await store.getBytes('gpu_hourly/dt=2026-03-02/part-00000.parquet'));
}

describe('gpu metrics from saved responses', () => {
  it('averages a multi-GPU EC2 instance over its GPUs, with a 0 % GPU present and the missing hour absent', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'gpu-')));
    const summary = await ingest(store, ['ec2-pages.json'], 'ec2-request.json');
    const ec2 = (await rows(store)).filter((r) => r.source === 'ec2');
    expect(ec2.map((r) => new Date(r.hour as number).toISOString())).toEqual([
      '2026-03-02T12:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
    ]);
    expect(ec2[0]).toMatchObject({
      resource_id: 'i-0a1b2c3d4e5f60001',
      instance_type: 'g5.12xlarge',
      gpu_count: 4,
      gpu_util_avg: 60, // (80 + 70 + 90 + 0) / 4: the idle GPU counts
      gpu_util_max: 99,
      team: 'search',
      environment: 'prod',
      priority: 'high',
    });
    expect(ec2[0]?.gpu_mem_util_avg).toBeCloseTo(((3 * 20000) / 23028) * 25, 9);
    expect(ec2[1]).toMatchObject({ gpu_util_avg: 37.5, gpu_util_max: 75 });
    // Two pages of 16 queries each: what the saved request cost.
    expect(summary.metricsRequested).toBe(32);
    expect(summary.partialSeries).toBe(0);
  });

  it('divides SageMaker utilization by the GPUs of the instance type and skips EKS roll-ups', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'gpu-')));
    const summary = await ingest(store, ['search-response.json']);
    const all = await rows(store);
    const sm = all.filter((r) => r.source === 'sagemaker');
    expect(sm.map((r) => [r.gpu_count, r.gpu_util_avg, r.gpu_util_max, r.gpu_mem_util_avg])).toEqual([
      [4, 50, 90, 60],
      [4, 80, 100, 70],
    ]);
    expect(sm[0]).toMatchObject({ instance_type: 'ml.g5.12xlarge', team: 'support', priority: 'critical' });
    const eks = all.filter((r) => r.source === 'eks');
    expect(eks.map((r) => [r.gpu_count, r.gpu_util_avg, r.gpu_util_max])).toEqual([
      [2, 50, 55],
      [2, 50, 65],
    ]);
    expect(eks[0]).toMatchObject({ cluster: 'ml-train', team: 'research', environment: 'unattributed' });
    expect(summary.seriesSkipped).toEqual({ 'roll-up without GpuDevice': 1 });
  });

  it('keeps the other sources of an hour and rewrites byte-identical files on a rerun', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'gpu-')));
    await ingest(store, ['ec2-pages.json'], 'ec2-request.json');
    await ingest(store, ['search-response.json']);
    const first = await store.getBytes('gpu_hourly/dt=2026-03-02/part-00000.parquet');
    expect((await rows(store)).length).toBe(6);
    await ingest(store, ['search-response.json']);
    await ingest(store, ['ec2-pages.json'], 'ec2-request.json');
    expect(Buffer.from(await store.getBytes('gpu_hourly/dt=2026-03-02/part-00000.parquet'))).toEqual(
      Buffer.from(first),
    );
  });

  describe('bad input', () => {
    const page = (results: unknown[]) => ({
      file: 'bad.json',
      text: JSON.stringify({ MetricDataResults: results }),
    });
    const label = 'CWAgent|nvidia_smi_utilization_gpu|Average|InstanceId=i-1|index=0';

    it('continues over PartialData and counts a series left partial', () => {
      const saved = readSavedResponses([
        page([
          {
            Id: 'a',
            Label: label,
            Timestamps: ['2026-03-02T12:00:00Z'],
            Values: [5],
            StatusCode: 'PartialData',
          },
        ]),
      ]);
      expect(saved.series[0]?.values).toEqual([5]);
      expect(saved.partialSeries).toBe(1);
    });

    it('fails on Forbidden naming the file and the query', () => {
      expect(() =>
        readSavedResponses([
          page([{ Id: 'a', Label: label, Timestamps: [], Values: [], StatusCode: 'Forbidden' }]),
        ]),
      ).toThrow(MetricAccessError);
      expect(() =>
        readSavedResponses([
          page([{ Id: 'a', Label: label, Timestamps: [], Values: [], StatusCode: 'Forbidden' }]),
        ]),
      ).toThrow(/bad\.json: MetricDataResults\[0\] \(Id a\) has StatusCode Forbidden/);
    });

    it('names the file and field of a non-numeric value, a bad timestamp, an unplaceable label', () => {
      const bad = (r: unknown) => () => readSavedResponses([page([r])]);
      expect(bad({ Id: 'a', Label: label, Timestamps: ['2026-03-02T12:00:00Z'], Values: ['x'] })).toThrow(
        'bad.json: MetricDataResults[0].Values[0] is not a non-negative number: "x"',
      );
      expect(bad({ Id: 'a', Label: label, Timestamps: ['2026-03-02 12:00'], Values: [1] })).toThrow(
        /MetricDataResults\[0\]\.Timestamps\[0\] is not a UTC timestamp/,
      );
      expect(bad({ Id: 'a', Label: 'nvidia_smi_utilization_gpu', Timestamps: [], Values: [] })).toThrow(
        GpuInputError,
      );
      expect(() => readSavedResponses([{ file: 'x.json', text: '{"Reservations": []}' }])).toThrow(
        'x.json: MetricDataResults is missing',
      );
    });
  });
});
