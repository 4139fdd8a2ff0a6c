import { ACCOUNTS, resolveWorkload, type Workload } from './org';
import { HOUR_MS, type Slot } from './plan';
import { Rng } from './rng';
import { seasonalFactor } from './seasonality';
import type { WorkloadSpec } from './workloads';

const WINDOWS_PER_HOUR = 12;

/** A SageMaker endpoint's ARN, as Bedrock logs it when the endpoint is called as a Bedrock Marketplace model. */
export const endpointArn = (name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNTS.prod}:endpoint/${name}`;

/** A caller of a GPU endpoint of the fleet, and its share of the org-wide hourly average. */
interface EndpointWorkload {
  spec: WorkloadSpec;
  share: number;
}

/**
 * Traffic to the fleet's model endpoints through bedrock-runtime (model id = the endpoint ARN):
 * chat-prod serves support's live chat; summarize-prod is as busy for a few long summaries an hour.
 * Not in the workload table (weight 0), so no other record changes its draws.
 */
export const ENDPOINT_WORKLOADS: readonly EndpointWorkload[] = [
  {
    share: 0.04,
    spec: {
      stream: 'prod-us-east-1',
      principal: 'role:support-chat',
      sessions: 'lambda',
      modelId: endpointArn('chat-prod'),
      operations: ['Converse'],
      tags: { team: 'support', feature: 'live-chat', environment: 'prod' },
      weight: 0,
      input: [1100, 0.5],
      output: [300, 0.5],
      cache: 'absent',
      style: 'chat',
    },
  },
  {
    share: 0.004,
    spec: {
      stream: 'prod-us-east-1',
      principal: 'role:doc-pipeline',
      sessions: 'ec2',
      modelId: endpointArn('summarize-prod'),
      operations: ['Converse'],
      tags: { team: 'research', feature: 'doc-summaries', environment: 'prod' },
      weight: 0,
      input: [3000, 0.4],
      output: [500, 0.4],
      cache: 'absent',
      style: 'extract',
    },
  },
];

/** An empty object of extra records in one ~5-minute window of an hour folder. */
function extraSlot(w: Workload, hourStartMs: number, window: number, part: number): Slot {
  const windowMs = HOUR_MS / WINDOWS_PER_HOUR;
  const startMs = hourStartMs + window * windowMs;
  return {
    hourNumber: hourStartMs / HOUR_MS,
    hourStartMs,
    stream: w.stream,
    part,
    startMs,
    endMs: startMs + windowMs,
    count: 0,
    firstOfStream: false,
    firstInHour: false,
    duplicates: 0,
    lateArrivals: 0,
    lateCrossesMidnight: false,
    badLines: 0,
    blankLines: 0,
    bom: false,
    truncate: false,
    extras: [],
  };
}

/**
 * The endpoint callers' objects for every hour of the run: a seasonal volume per hour spread over
 * its windows, from their own random streams, in objects of their own (parts 2000+).
 */
export function planEndpointTraffic(
  seed: number,
  startMs: number,
  hours: number,
  invocationsPerHour: number,
  firstIndex: number,
): Slot[] {
  const slots: Slot[] = [];
  ENDPOINT_WORKLOADS.forEach((e, i) => {
    const w = resolveWorkload(e.spec, firstIndex + i, Rng.derive(seed, 0xe4d9, i));
    for (let h = 0; h < hours; h++) {
      const hourStartMs = startMs + h * HOUR_MS;
      const rng = Rng.derive(seed, 0xe4d9, hourStartMs / HOUR_MS, w.index);
      const total = Math.floor(
        invocationsPerHour * e.share * seasonalFactor(w.stream, hourStartMs) + rng.next(),
      );
      const perWindow = new Map<number, number>();
      for (let k = 0; k < total; k++) {
        const window = rng.int(0, WINDOWS_PER_HOUR - 1);
        perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
      }
      for (const [window, count] of [...perWindow].sort(([a], [b]) => a - b)) {
        const slot = extraSlot(w, hourStartMs, window, 2000 + i * WINDOWS_PER_HOUR + window);
        slot.extras?.push({ workload: w, count });
        slots.push(slot);
      }
    }
  });
  return slots;
}
