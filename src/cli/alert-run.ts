import { IncidentNotFoundError } from '../../shared/anomaly/errors';
import { ackIncident, markNotAnomaly, snoozeIncident } from '../../shared/anomaly/incident-actions';
import { listIncidents } from '../../shared/anomaly/incident-store';
import { systemClock } from '../../shared/ports';
import { UsageError } from './errors';
import { localStore } from './local-store';
import { parseDuration, parseTime } from './parse-time';
import { terminalSafe } from './safe-text';

const usd = (n: number) => `$${n.toFixed(2)}`;

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IncidentNotFoundError) throw new UsageError(error.message);
    throw error;
  }
}

/** `alert list`: the store's incidents, newest first, open ones unless `all`. */
export async function listAlerts(opts: { store: string; all?: boolean; json?: boolean }): Promise<void> {
  const { store } = localStore(opts.store);
  const list = (await listIncidents(store)).filter((i) => opts.all || i.status === 'open');
  for (const i of list) {
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(i)}\n`);
      continue;
    }
    const a = i.alert;
    const flags = [i.acknowledged ? 'acked' : '', i.snoozedUntil ? `snoozed to ${i.snoozedUntil}` : '']
      .filter(Boolean)
      .join(', ');
    process.stdout.write(
      `${terminalSafe(
        `${i.id}  ${i.status.padEnd(9)} ${a.severity.padEnd(8)} ${a.kind.padEnd(11)} ${Object.values(a.series.dimensions).join('/')}  since ${i.startedAt.slice(0, 16)}Z  ${usd(a.impact.extraCostSoFar)} so far${flags ? `  (${flags})` : ''}`,
      )}\n`,
    );
  }
  if (!opts.json && list.length === 0) process.stdout.write('no incidents\n');
}

/** `alert ack <id>`. */
export async function ackAlert(id: string, opts: { store: string; by?: string }): Promise<void> {
  const { store } = localStore(opts.store);
  const i = await guarded(() => ackIncident(store, id, systemClock.now(), opts.by));
  process.stdout.write(`${i.id} acknowledged\n`);
}

/** `alert snooze <id>`: for a duration, or until a time. */
export async function snoozeAlert(
  id: string,
  opts: { store: string; for: string; until?: string },
): Promise<void> {
  const { store } = localStore(opts.store);
  const until = opts.until
    ? parseTime(opts.until, '--until')
    : new Date(systemClock.now().getTime() + parseDuration(opts.for, '--for'));
  const i = await guarded(() => snoozeIncident(store, id, until));
  process.stdout.write(`${i.id} snoozed until ${until.toISOString()}\n`);
}

/** `alert not-anomaly <id>`. */
export async function dismissAlert(id: string, opts: { store: string }): Promise<void> {
  const { store } = localStore(opts.store);
  const i = await guarded(() => markNotAnomaly(store, id, systemClock.now()));
  process.stdout.write(`${i.id} dismissed; the band of its series is widened\n`);
}
