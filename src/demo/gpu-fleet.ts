import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GpuConfig } from '../../shared/config';
import { gpuMetricRequest } from '../../shared/gpu/print-request';

/** One GPU resource of the synthetic fleet and how busy it is. */
export interface FleetMember {
  kind: 'ec2' | 'sagemaker';
  id: string;
  instanceType: string;
  gpus: number;
  /** Mean utilization per GPU, 0-100. */
  busy: number;
  /** Mean utilization in the working hours (Mon-Fri 9:00-18:00 UTC, the default peak) when it differs. */
  workingHoursBusy?: number;
  tags: Record<string, string>;
}

/**
 * EC2 training and inference hosts, an idle instance, a non-production job on a costly type, a
 * lightly used untagged host, a batch job busy in the working hours, and three endpoints: one idle,
 * two serving models through Bedrock (see ENDPOINT_WORKLOADS), one of them saturated for few tokens.
 */
export const FLEET: readonly FleetMember[] = [
  {
    kind: 'ec2',
    id: 'i-0d3m0000000000001',
    instanceType: 'p4d.24xlarge',
    gpus: 8,
    busy: 82,
    tags: { team: 'research', environment: 'prod', priority: 'high' },
  },
  {
    kind: 'ec2',
    id: 'i-0d3m0000000000002',
    instanceType: 'g5.12xlarge',
    gpus: 4,
    busy: 1,
    tags: { team: 'search', environment: 'dev' },
  },
  {
    kind: 'ec2',
    id: 'i-0d3m0000000000003',
    instanceType: 'p5.48xlarge',
    gpus: 8,
    busy: 18,
    tags: { team: 'growth', environment: 'staging', priority: 'low' },
  },
  { kind: 'ec2', id: 'i-0d3m0000000000004', instanceType: 'g5.2xlarge', gpus: 1, busy: 25, tags: {} },
  {
    kind: 'sagemaker',
    id: 'chat-prod',
    instanceType: 'ml.g5.12xlarge',
    gpus: 4,
    busy: 64,
    tags: { team: 'support', environment: 'prod', priority: 'critical' },
  },
  {
    kind: 'sagemaker',
    id: 'rerank-dev',
    instanceType: 'ml.g5.2xlarge',
    gpus: 1,
    busy: 3,
    tags: { team: 'search', environment: 'dev', priority: 'low' },
  },
  {
    kind: 'sagemaker',
    id: 'summarize-prod',
    instanceType: 'ml.g5.12xlarge',
    gpus: 4,
    busy: 80,
    tags: { team: 'research', environment: 'prod', priority: 'high' },
  },
  {
    kind: 'ec2',
    id: 'i-0d3m0000000000005',
    instanceType: 'g6.12xlarge',
    gpus: 4,
    busy: 40,
    workingHoursBusy: 85,
    tags: { team: 'research', environment: 'prod', priority: 'batch' },
  },
];

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
/** Mon-Fri 9:00-18:00 UTC, the default `pricing.peakHoursUtc`. */
const inWorkingHours = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 9 && d.getUTCHours() < 18;
};

/**
 * Hours of GPU data the demo writes up to `endMs`: two days, or three when two hold no working hour
 * (Sunday evening to Monday morning), so batch work in the peak hours always has some; at most `maxHours`.
 */
export function fleetWindowHours(endMs: number, maxHours: number): number {
  const hasWorkingHour = (hours: number) =>
    Array.from({ length: hours }, (_, h) => endMs - (h + 1) * HOUR_MS).some(inWorkingHours);
  return Math.min(maxHours, hasWorkingHour(48) ? 48 : 72);
}
const wave = (h: number, seed: number) => 0.5 + 0.5 * Math.sin(h / 3 + seed);
const label = (ns: string, metric: string, stat: string, dims: [string, string][]) =>
  [ns, metric, stat, ...dims.map(([k, v]) => `${k}=${v}`)].join('|');

/** What the fleet generator wrote: files as the AWS CLI saves them. */
export interface GpuFleetFiles {
  request: string;
  responses: string[];
  resources: string[];
  resourcesCount: number;
}

/**
 * Writes a synthetic GPU fleet's CloudWatch data as `aws cloudwatch get-metric-data` would save it
 * for the request `--print-request` gives (SEARCH results, self-describing labels, newest first),
 * and the describe outputs the ingest reads tags and instance types from. Hour 5 of every day is
 * missing for the idle instance (an agent restart): it must be absent, not zero.
 */
export async function writeGpuFleet(
  dir: string,
  config: GpuConfig,
  start: number,
  hours: number,
): Promise<GpuFleetFiles> {
  await mkdir(dir, { recursive: true });
  const window = { start, end: start + hours * HOUR_MS };
  const results: unknown[] = [];
  const times = Array.from({ length: hours }, (_, h) => start + h * HOUR_MS).reverse();
  FLEET.forEach((m, seed) => {
    const series = (
      id: string,
      ns: string,
      metric: string,
      stat: string,
      dims: [string, string][],
      value: (h: number) => number,
    ) => {
      const kept = times.filter((t) => !(m.busy < 5 && m.kind === 'ec2' && new Date(t).getUTCHours() === 5));
      results.push({
        Id: id,
        Label: label(ns, metric, stat, dims),
        Timestamps: kept.map(iso),
        Values: kept.map((t) => Number(value((t - start) / HOUR_MS).toFixed(2))),
        StatusCode: 'Complete',
      });
    };
    const level = (h: number) =>
      m.workingHoursBusy !== undefined && inWorkingHours(start + h * HOUR_MS) ? m.workingHoursBusy : m.busy;
    const util = (h: number, g: number) =>
      Math.max(0, Math.min(100, level(h) * (0.7 + 0.6 * wave(h + g, seed))));
    if (m.kind === 'ec2') {
      for (let g = 0; g < m.gpus; g++) {
        const dims: [string, string][] = [
          ['InstanceId', m.id],
          ['index', String(g)],
        ];
        series(
          'ec2_util_average',
          config.namespaces.ec2,
          'nvidia_smi_utilization_gpu',
          'Average',
          dims,
          (h) => util(h, g),
        );
        series(
          'ec2_util_maximum',
          config.namespaces.ec2,
          'nvidia_smi_utilization_gpu',
          'Maximum',
          dims,
          (h) => Math.min(100, util(h, g) * 1.2),
        );
        series(
          'ec2_memUsed_average',
          config.namespaces.ec2,
          'nvidia_smi_memory_used',
          'Average',
          dims,
          (h) => 40_960 * (0.05 + util(h, g) / 120),
        );
        series(
          'ec2_memTotal_average',
          config.namespaces.ec2,
          'nvidia_smi_memory_total',
          'Average',
          dims,
          () => 40_960,
        );
      }
    } else {
      const dims: [string, string][] = [
        ['EndpointName', m.id],
        ['VariantName', 'AllTraffic'],
      ];
      series(
        'sagemaker_util_average',
        config.namespaces.sagemaker,
        'GPUUtilization',
        'Average',
        dims,
        (h) => util(h, 0) * m.gpus,
      );
      series(
        'sagemaker_util_maximum',
        config.namespaces.sagemaker,
        'GPUUtilization',
        'Maximum',
        dims,
        (h) => Math.min(100, util(h, 0) * 1.3) * m.gpus,
      );
      series(
        'sagemaker_memUtil_average',
        config.namespaces.sagemaker,
        'GPUMemoryUtilization',
        'Average',
        dims,
        (h) => (20 + util(h, 0) / 2) * m.gpus,
      );
    }
  });
  const write = async (name: string, body: unknown) => {
    await writeFile(join(dir, name), `${JSON.stringify(body, null, 2)}\n`);
    return join(dir, name);
  };
  const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
  const ec2 = FLEET.filter((m) => m.kind === 'ec2');
  const sm = FLEET.filter((m) => m.kind === 'sagemaker');
  const request = await write('request.json', gpuMetricRequest(config, window));
  const metrics = await write('metrics.json', { MetricDataResults: results, Messages: [] });
  const resources = [
    await write('describe-instances.json', {
      Reservations: [
        {
          ReservationId: 'r-0d3m0',
          OwnerId: '111122223333',
          Instances: ec2.map((m) => ({
            InstanceId: m.id,
            InstanceType: m.instanceType,
            State: { Code: 16, Name: 'running' },
            Tags: tags(m.tags),
          })),
        },
      ],
    }),
    ...(await Promise.all(
      sm.map((m) =>
        write(`describe-endpoint-config-${m.id}.json`, {
          EndpointConfigName: m.id,
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: `${m.id}-model`,
              InitialInstanceCount: 1,
              InstanceType: m.instanceType,
            },
          ],
        }),
      ),
    )),
    await write('get-resources.json', {
      PaginationToken: '',
      ResourceTagMappingList: sm.map((m) => ({
        ResourceARN: `arn:aws:sagemaker:us-east-1:111122223333:endpoint/${m.id}`,
        Tags: tags(m.tags),
      })),
    }),
  ];
  return { request, responses: [metrics], resources, resourcesCount: FLEET.length };
}
