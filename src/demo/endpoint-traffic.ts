import { ACCOUNTS, resolveWorkload, type Workload } from './org';
import { extrasSlot, HOUR_MS, type Slot } from './plan';
import { Rng } from './rng';
import { seasonalFactor } from './seasonality';
import type { WorkloadSpec } from './workloads';

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

/** An empty object of extra records spanning one hour folder. */
const hourSlot = (stream: Workload['stream'], hourStartMs: number): Slot =>
  extrasSlot(stream, hourStartMs, 2000, hourStartMs, hourStartMs + HOUR_MS);

/**
 * The endpoint callers' records for every hour of the run: a seasonal volume per hour, from their
 * own random streams, in one object of their own per hour (part 2000; few objects keep ingest quick).
 */
export function planEndpointTraffic(
  seed: number,
  startMs: number,
  hours: number,
  invocationsPerHour: number,
  firstIndex: number,
): Slot[] {
  const callers = ENDPOINT_WORKLOADS.map((e, i) => ({
    share: e.share,
    workload: resolveWorkload(e.spec, firstIndex + i, Rng.derive(seed, 0xe4d9, i)),
  }));
  const slots: Slot[] = [];
  for (let h = 0; h < hours; h++) {
    const hourStartMs = startMs + h * HOUR_MS;
    // One object per stream and hour.
    const byStream = new Map<number, Slot>();
    for (const { share, workload: w } of callers) {
      const rng = Rng.derive(seed, 0xe4d9, hourStartMs / HOUR_MS, w.index);
      const count = Math.floor(
        invocationsPerHour * share * seasonalFactor(w.stream, hourStartMs) + rng.next(),
      );
      if (count === 0) continue;
      const slot = byStream.get(w.stream.index) ?? hourSlot(w.stream, hourStartMs);
      slot.extras?.push({ workload: w, count });
      byStream.set(w.stream.index, slot);
    }
    slots.push(...[...byStream.values()].sort((a, b) => a.stream.index - b.stream.index));
  }
  return slots;
}
