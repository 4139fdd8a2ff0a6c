import type { Command } from 'commander';

// The store and incident code load with each action (`alert-run`), not for the help.
const run = () => import('./alert-run');

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
    .action(async (opts: { store: string; all?: boolean; json?: boolean }) => (await run()).listAlerts(opts));
  alert
    .command('ack')
    .argument('<id>', 'incident id (inc-…)')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .option('--by <name>', 'who acknowledges')
    .description('Acknowledge an incident (it stays open and can still escalate).')
    .action(async (id: string, opts: { store: string; by?: string }) => (await run()).ackAlert(id, opts));
  alert
    .command('snooze')
    .argument('<id>', 'incident id (inc-…)')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .option('--for <duration>', 'how long: 90m, 4h, 2d', '24h')
    .option('--until <time>', 'until this time (ISO 8601) instead')
    .description('No alerts for this incident and its series until the snooze ends.')
    .action(async (id: string, opts: { store: string; for: string; until?: string }) =>
      (await run()).snoozeAlert(id, opts),
    );
  alert
    .command('not-anomaly')
    .argument('<id>', 'incident id (inc-…)')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .description(
      "Dismiss an incident as normal: widens that series' band so departures this size are not alerted.",
    )
    .action(async (id: string, opts: { store: string }) => (await run()).dismissAlert(id, opts));
}
