import type { AppConfig } from '../config';
import { floorHour, HOUR_MS } from '../lake/utc';
import type { Clock, ModelResolver, ObjectStore } from '../ports';
import { assertSameBuildSettings, buildSettingsOf } from './build-settings';
import { BedrockIngestError } from './errors';
import { putJson, runKeys } from './fan-out-state';
import { assertStoreOutsideSource } from './ingest';
import type { HourWindow } from './window';

/** More pieces than one run should have: ask for larger pieces (`pieceHours`). */
export const MAX_PIECES = 10_000;

/** The window cannot be fanned out (none given, or too many pieces). */
export class FanOutPlanError extends BedrockIngestError {
  override name = 'FanOutPlanError';
}

/** One piece of a run: an hour-aligned slice of the window, listed and staged by one function. */
export interface PieceItem {
  runId: string;
  piece: number;
  from: string;
  to: string;
}

/** What the plan records for the later steps (`plan.json`). */
export interface RunPlanRecord {
  runId: string;
  window: { from: string; to: string };
  pieceHours: number;
  pieces: number;
  force: boolean;
  /** Whether the store already had build settings (else the commit records this run's). */
  settingsKnown: boolean;
  startedAt: string;
}

/** What the plan step returns (small: the state machine's payload). */
export interface PlanOutcome {
  runId: string;
  pieces: number;
  /** The items of the Distributed Map, a JSON array in the store. */
  itemsKey: string;
}

/**
 * The window cut into slices at hour boundaries, `pieceHours` each (the first and last may be
 * shorter): every hour folder falls in exactly one slice.
 */
export function sliceWindow(window: HourWindow, pieceHours: number): HourWindow[] {
  const step = pieceHours * HOUR_MS;
  const end = window.to.getTime();
  const slices: HourWindow[] = [];
  let from = window.from.getTime();
  let boundary = floorHour(from) + step;
  while (from < end) {
    if (slices.length >= MAX_PIECES)
      throw new FanOutPlanError(`the window makes more than ${MAX_PIECES} pieces: raise pieceHours`);
    const to = Math.min(boundary, end);
    slices.push({ from: new Date(from), to: new Date(to) });
    from = to;
    boundary += step;
  }
  return slices;
}

export interface PlanDeps {
  source: ObjectStore;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  resolver?: ModelResolver;
}

/**
 * Plans a fanned-out run: checks the store may be written with these settings (as the single run
 * does), cuts the window into pieces and writes them as the Distributed Map's items. Lists nothing:
 * each piece lists its own slice, so even a 90-day backfill's listing is spread over the pieces.
 * Running it again writes the same pieces.
 */
export async function planFanOut(
  deps: PlanDeps,
  request: { runId: string; window: HourWindow | undefined; pieceHours: number; force?: boolean },
): Promise<PlanOutcome> {
  assertStoreOutsideSource(deps.source, deps.store);
  if (!request.window)
    throw new FanOutPlanError('a fanned-out run needs a window (from/to or a scheduled time)');
  const known = await assertSameBuildSettings(
    deps.store,
    buildSettingsOf(deps.config, deps.resolver !== undefined),
  );
  const keys = runKeys(request.runId);
  const slices = sliceWindow(request.window, request.pieceHours);
  const items: PieceItem[] = slices.map((s, piece) => ({
    runId: request.runId,
    piece,
    from: s.from.toISOString(),
    to: s.to.toISOString(),
  }));
  const plan: RunPlanRecord = {
    runId: request.runId,
    window: { from: request.window.from.toISOString(), to: request.window.to.toISOString() },
    pieceHours: request.pieceHours,
    pieces: items.length,
    force: request.force === true,
    settingsKnown: known,
    startedAt: deps.clock.now().toISOString(),
  };
  await putJson(deps.store, keys.items, items);
  await putJson(deps.store, keys.plan, plan);
  return { runId: request.runId, pieces: items.length, itemsKey: keys.items };
}
