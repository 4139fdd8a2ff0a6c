import type { Command } from 'commander';
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

/** `genai-finops alert list|ack|snooze|not-anomaly`. */
export function registerAlert(program: Command): void {
  const alert = program
    .command('alert')
    .description('List incidents and give feedback: ack, snooze, not-anomaly.');
  alert
    .command('list')
    .description('Incidents in the store, newest first.')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .option('--all', 'include closed and dismissed incidents')
    .option('--json', 'one JSON line per incident')
    .action(async (opts: { store: string; all?: boolean; json?: boolean }) => {
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
    });
  alert
    .command('ack')
    .argument('<id>', 'incident id (inc-…)')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .option('--by <name>', 'who acknowledges')
    .description('Acknowledge an incident (it stays open and can still escalate).')
    .action(async (id: string, opts: { store: string; by?: string }) => {
      const { store } = localStore(opts.store);
      const i = await guarded(() => ackIncident(store, id, systemClock.now(), opts.by));
      process.stdout.write(`${i.id} acknowledged\n`);
    });
  alert
    .command('snooze')
    .argument('<id>', 'incident id (inc-…)')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .option('--for <duration>', 'how long: 90m, 4h, 2d', '24h')
    .option('--until <time>', 'until this time (ISO 8601) instead')
    .description('No alerts for this incident and its series until the snooze ends.')
    .action(async (id: string, opts: { store: string; for: string; until?: string }) => {
      const { store } = localStore(opts.store);
      const until = opts.until
        ? parseTime(opts.until, '--until')
        : new Date(systemClock.now().getTime() + parseDuration(opts.for, '--for'));
      const i = await guarded(() => snoozeIncident(store, id, until));
      process.stdout.write(`${i.id} snoozed until ${until.toISOString()}\n`);
    });
  alert
    .command('not-anomaly')
    .argument('<id>', 'incident id (inc-…)')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .description(
      "Dismiss an incident as normal: widens that series' band so departures this size are not alerted.",
    )
    .action(async (id: string, opts: { store: string }) => {
      const { store } = localStore(opts.store);
      const i = await guarded(() => markNotAnomaly(store, id, systemClock.now()));
      process.stdout.write(`${i.id} dismissed; the band of its series is widened\n`);
    });
}
