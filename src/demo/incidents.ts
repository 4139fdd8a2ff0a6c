import { SyntheticOrgError } from './errors';
import { resolveWorkload, type Workload } from './org';
import { extrasSlot, HOUR_MS, type Slot } from './plan';
import { Rng } from './rng';
import { seasonalFactor } from './seasonality';
import type { WorkloadSpec } from './workloads';

/** What kind of incident was injected. */
export type IncidentKind = 'spike' | 'runaway' | 'run-up' | 'outage';

/** One incident injected into the generated traffic, for the demo to show and tests to check. */
export interface InjectedIncident {
  kind: IncidentKind;
  team: string;
  feature: string;
  environment: string;
  /** Normalized model id. */
  model: string;
  /** First affected hour and the end of the last one (epoch ms). */
  startMs: number;
  endMs: number;
  /** The release it follows (spike only): the demo records it with `release add`. */
  release?: { at: number; version: string; note: string };
}

/** Extra records of one workload in one object. */
export interface SlotExtra {
  workload: Workload;
  count: number;
}

/** Tokens × this during the spike (more calls of the same shape). */
const SPIKE_FACTOR = 4;
const SPIKE_HOURS = 4;
/** The gradual run-up ends at this multiple of normal volume, growing linearly over its hours. */
const RUN_UP_FINAL = 5;
const RUN_UP_HOURS = 36;
const OUTAGE_HOURS = 6;
const RUNAWAY_HOURS = 8;
/** The runaway's first hour, as a share of the org-wide hourly average; it doubles every 1/RUNAWAY_GROWTH hours. */
const RUNAWAY_START_SHARE = 0.01;
const RUNAWAY_GROWTH = 0.75;
const WINDOWS_PER_HOUR = 12;

/** The runaway dev experiment: a large model from a dev sandbox, not in the workload table. */
const RUNAWAY_SPEC: WorkloadSpec = {
  stream: 'nonprod-us-east-1',
  principal: 'role:growth-agent-sandbox',
  sessions: 'person',
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  operations: ['Converse'],
  tags: { team: 'growth', feature: 'agent-sandbox', environment: 'dev' },
  weight: 0,
  input: [4000, 0.5],
  output: [1200, 0.5],
  cache: 'absent',
  style: 'agent',
};

/** The injected incidents and how they change the run's objects. */
export interface IncidentPlan {
  incidents: InjectedIncident[];
  /** The run's slots with the incidents' extra objects merged in, in run order. */
  slots: Slot[];
  /** Records of this workload at this time are not delivered (the logging outage). */
  dropped: (workload: Workload, timeMs: number) => boolean;
}

const envOf = (w: Workload) => w.spec.tags?.environment ?? w.spec.tags?.env ?? '';

function findWorkload(org: readonly Workload[], stream: string, feature: string): Workload {
  const w = org.find((x) => x.stream.name === stream && x.spec.tags?.feature === feature);
  if (!w) throw new SyntheticOrgError(`no ${feature} workload in ${stream}`);
  return w;
}

/** The start hour in [earliest, latest] (epoch ms) whose `hours` hours are busiest for the stream. */
function busiestStart(w: Workload, earliest: number, latest: number, hours: number): number {
  let best = latest;
  let bestLoad = -1;
  for (let t = latest; t >= earliest; t -= HOUR_MS) {
    let load = 0;
    for (let h = 0; h < hours; h++) load += seasonalFactor(w.stream, t + h * HOUR_MS);
    if (load > bestLoad) {
      best = t;
      bestLoad = load;
    }
  }
  return best;
}

function describe(kind: IncidentKind, w: Workload, startMs: number, endMs: number): InjectedIncident {
  return {
    kind,
    team: w.team,
    feature: w.spec.tags?.feature ?? '',
    environment: envOf(w),
    model: w.model,
    startMs,
    endMs,
  };
}

/**
 * Places a token spike after a release, a runaway dev experiment, a gradual run-up and a logging
 * outage at the end of the run. Extra records go into objects of their own (drawn from their own
 * random streams), so every other record keeps its draws; the outage only leaves records out.
 */
export function planIncidents(
  seed: number,
  startMs: number,
  hours: number,
  invocationsPerHour: number,
  org: readonly Workload[],
  slots: readonly Slot[],
): IncidentPlan {
  const endMs = startMs + hours * HOUR_MS;
  const lastDay = Math.max(startMs, endMs - 22 * HOUR_MS);
  const spikeW = findWorkload(org, 'prod-us-east-1', 'code-review');
  const runUpW = findWorkload(org, 'prod-us-west-2', 'rag-answer');
  const outageW = findWorkload(org, 'prod-eu-west-1', 'ticket-summary');
  const runaway = resolveWorkload(RUNAWAY_SPEC, org.length, Rng.derive(seed, 0x1c1d, 0xe0));

  const regular = new Map<string, number>();
  for (const s of slots) {
    const k = `${s.hourNumber}|${s.stream.index}`;
    regular.set(k, (regular.get(k) ?? 0) + s.count);
  }
  const share = (w: Workload) => {
    const mates = org.filter((x) => x.stream.index === w.stream.index);
    return w.spec.weight / mates.reduce((sum, x) => sum + x.spec.weight, 0);
  };
  const normalIn = (w: Workload, hourStartMs: number) =>
    (regular.get(`${hourStartMs / HOUR_MS}|${w.stream.index}`) ?? 0) * share(w);

  const extraByHour: { w: Workload; hourStartMs: number; count: number }[] = [];
  const incidents: InjectedIncident[] = [];

  const spikeStart = busiestStart(spikeW, lastDay, endMs - (SPIKE_HOURS + 6) * HOUR_MS, SPIKE_HOURS);
  for (let h = 0; h < SPIKE_HOURS; h++) {
    const t = spikeStart + h * HOUR_MS;
    extraByHour.push({ w: spikeW, hourStartMs: t, count: (SPIKE_FACTOR - 1) * normalIn(spikeW, t) });
  }
  incidents.push({
    ...describe('spike', spikeW, spikeStart, spikeStart + SPIKE_HOURS * HOUR_MS),
    release: {
      at: spikeStart - 40 * 60_000,
      version: 'v2.14.0',
      note: 'review the whole diff, not the changed hunks',
    },
  });

  const runawayStart = endMs - RUNAWAY_HOURS * HOUR_MS;
  // Set up earlier in the run at a trickle (a detector needs some history), then it runs away.
  for (let t = startMs; t < runawayStart; t += HOUR_MS) {
    extraByHour.push({ w: runaway, hourStartMs: t, count: invocationsPerHour * RUNAWAY_START_SHARE * 0.2 });
  }
  for (let h = 0; h < RUNAWAY_HOURS; h++) {
    const count = invocationsPerHour * RUNAWAY_START_SHARE * 2 ** (h * RUNAWAY_GROWTH);
    extraByHour.push({ w: runaway, hourStartMs: runawayStart + h * HOUR_MS, count });
  }
  incidents.push(describe('runaway', runaway, runawayStart, endMs));

  const runUpStart = Math.max(startMs, endMs - RUN_UP_HOURS * HOUR_MS);
  const runUpHours = (endMs - runUpStart) / HOUR_MS;
  for (let h = 0; h < runUpHours; h++) {
    const t = runUpStart + h * HOUR_MS;
    const factor = ((RUN_UP_FINAL - 1) * (h + 1)) / runUpHours;
    extraByHour.push({ w: runUpW, hourStartMs: t, count: factor * normalIn(runUpW, t) });
  }
  incidents.push(describe('run-up', runUpW, runUpStart, endMs));

  // Still going on when the data ends, as an outage is when a run first sees it.
  const outageEnd = endMs;
  const outageStart = outageEnd - OUTAGE_HOURS * HOUR_MS;
  incidents.push(describe('outage', outageW, outageStart, outageEnd));

  // Each hour's extra calls spread over its ~5-minute windows, one extra object per window used.
  const windowMs = HOUR_MS / WINDOWS_PER_HOUR;
  const byWindow = new Map<string, Slot>();
  for (const e of extraByHour) {
    if (e.hourStartMs < startMs || e.hourStartMs >= endMs) continue;
    const hourNumber = e.hourStartMs / HOUR_MS;
    const rng = Rng.derive(seed, 0x1c1d, hourNumber, e.w.index);
    const total = Math.floor(e.count + rng.next());
    const perWindow = new Array<number>(WINDOWS_PER_HOUR).fill(Math.floor(total / WINDOWS_PER_HOUR));
    for (let left = total % WINDOWS_PER_HOUR; left > 0; left--) {
      const i = rng.int(0, WINDOWS_PER_HOUR - 1);
      perWindow[i] = (perWindow[i] ?? 0) + 1;
    }
    perWindow.forEach((count, window) => {
      if (count === 0) return;
      const key = `${hourNumber}|${e.w.stream.index}|${window}`;
      let slot = byWindow.get(key);
      if (!slot) {
        const slotStart = e.hourStartMs + window * windowMs;
        slot = extrasSlot(e.w.stream, e.hourStartMs, 1000 + window, slotStart, slotStart + windowMs);
        byWindow.set(key, slot);
      }
      slot.extras?.push({ workload: e.w, count });
    });
  }
  // Stable: each extra object lands after the regular objects of its window.
  const merged = [...slots, ...byWindow.values()].sort(
    (a, b) => a.hourStartMs - b.hourStartMs || a.stream.index - b.stream.index || a.startMs - b.startMs,
  );
  return {
    incidents,
    slots: merged,
    dropped: (w, t) => w.index === outageW.index && t >= outageStart && t < outageEnd,
  };
}
