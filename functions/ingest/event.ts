import { dayWindow, type HourWindow, scheduledWindow } from '../../shared/bedrock';
import type { AppConfig } from '../../shared/config';
import { InvalidWindowError } from '../../shared/lake/utc';
import type { Clock } from '../../shared/ports';

/**
 * What starts a run: the schedule's `{ time }` (the scheduled minute), a backfill request
 * `{ from: 'YYYY-MM-DD', to?: 'YYYY-MM-DD', force?: true }` sent by hand or fanned out, or the
 * function's own continuation of a run that stopped early (`window` and `continuation` set).
 */
export interface IngestEvent {
  time?: string;
  from?: string;
  to?: string;
  force?: boolean;
  /** The exact window of the run being continued (ISO instants); wins over `time`, `from` and `to`. */
  window?: { from: string; to: string };
  /** How many times this run has already continued itself (absent on a fresh run). */
  continuation?: number;
}

function instant(text: string, name: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new InvalidWindowError(`${name} is not an ISO time: ${text}`);
  return at;
}

/** The hour folders an event asks for; a scheduled event without a usable `time` uses the clock. */
export function windowFor(event: IngestEvent, config: AppConfig, clock: Clock): HourWindow | undefined {
  if (event.window) {
    return { from: instant(event.window.from, 'window.from'), to: instant(event.window.to, 'window.to') };
  }
  if (event.from !== undefined || event.to !== undefined) {
    return dayWindow(event.from, event.to, clock.now(), config.ingest.lookbackHours);
  }
  const at = event.time ? new Date(event.time) : clock.now();
  return scheduledWindow(Number.isNaN(at.getTime()) ? clock.now() : at, config.ingest.lookbackHours);
}
