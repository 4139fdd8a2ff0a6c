import { planEndpointTraffic } from './endpoint-traffic';
import { SyntheticOptionsError } from './errors';
import { placeFaults } from './faults';
import { planIncidents } from './incidents';
import { buildOrg, syntheticConfig } from './org';
import { HOUR_MS, planSlots } from './plan';
import { TextSource } from './text';
import { TruthTally } from './truth';
import type { GroundTruth, LogSink, SyntheticOptions } from './types';
import { prepareSlot, type RunState, type StreamMix, writePrepared } from './writer';

function validate(options: SyntheticOptions): void {
  const { seed, start, hours, invocationsPerHour, bodies } = options;
  if (!Number.isFinite(seed)) throw new SyntheticOptionsError('seed', 'must be a finite number');
  if (!(start instanceof Date) || Number.isNaN(start.getTime()))
    throw new SyntheticOptionsError('start', 'must be a valid Date');
  if (!Number.isInteger(hours) || hours < 0)
    throw new SyntheticOptionsError('hours', 'must be a non-negative integer');
  if (!Number.isFinite(invocationsPerHour) || invocationsPerHour < 0) {
    throw new SyntheticOptionsError('invocationsPerHour', 'must be a non-negative number');
  }
  if (bodies !== 'small' && bodies !== 'realistic')
    throw new SyntheticOptionsError('bodies', "must be 'small' or 'realistic'");
}

/**
 * Writes a synthetic organisation's Bedrock model-invocation logs through `sink`, one gzip
 * NDJSON object at a time in key order within each hour, and returns what a correct ingest
 * of them must produce. Deterministic: the same seed and options give byte-identical objects.
 */
export async function generateSyntheticLogs(sink: LogSink, options: SyntheticOptions): Promise<GroundTruth> {
  validate(options);
  const startMs = Math.floor(options.start.getTime() / HOUR_MS) * HOUR_MS;
  const org = buildOrg(options.seed);
  const mixes = new Map<number, StreamMix>();
  for (const workload of org) {
    const mix = mixes.get(workload.stream.index) ?? { workloads: [], weights: [] };
    mix.workloads.push(workload);
    mix.weights.push(workload.spec.weight);
    mixes.set(workload.stream.index, mix);
  }
  const planned = planSlots(options.seed, startMs, options.hours, options.invocationsPerHour, org);
  placeFaults(planned, options.faults ?? {}, options.seed);
  const incidents = options.incidents
    ? planIncidents(options.seed, startMs, options.hours, options.invocationsPerHour, org, planned)
    : undefined;
  const withIncidents = incidents?.slots ?? planned;
  // Endpoint callers' objects land after the regular and incident objects of their window (stable sort).
  const slots = options.endpoints
    ? [
        ...withIncidents,
        ...planEndpointTraffic(
          options.seed,
          startMs,
          options.hours,
          options.invocationsPerHour,
          org.length + 1,
        ),
      ].sort(
        (a, b) => a.hourStartMs - b.hourStartMs || a.stream.index - b.stream.index || a.startMs - b.startMs,
      )
    : withIncidents;

  const prefix = (options.keyPrefix ?? '').replace(/^\/+|\/+$/g, '');
  const run: RunState = {
    seed: options.seed,
    mixes,
    recordContext: {
      text: new TextSource(options.seed),
      realistic: options.bodies === 'realistic',
      canary: options.canary,
      offloadBodies: options.faults?.bodyObjects === true,
    },
    keyPrefix: prefix === '' ? '' : `${prefix}/`,
    sink,
    tally: new TruthTally(),
    rings: new Map(),
    badLinesSoFar: 0,
    ...(incidents ? { dropped: incidents.dropped } : {}),
  };
  // Generate the next object while the previous one is compressed and written.
  let inFlight: Promise<void> | undefined;
  try {
    for (const slot of slots) {
      const prepared = prepareSlot(slot, run);
      if (!prepared) continue;
      const previous = inFlight;
      inFlight = writePrepared(prepared, previous, run);
      // Its failure is rethrown by the next await on it; this only keeps it from counting as unhandled.
      inFlight.catch(() => undefined);
      await previous;
    }
    await inFlight;
  } catch (error) {
    // Let the object being written settle before reporting, so no sink call outlives this one.
    await inFlight?.catch(() => undefined);
    throw error;
  }
  const truth = run.tally.result(syntheticConfig());
  return incidents ? { ...truth, incidents: incidents.incidents } : truth;
}
