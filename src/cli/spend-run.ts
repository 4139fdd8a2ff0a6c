import { exactJson } from '../../shared/adapters/exact-json';
import { openStore } from '../../shared/adapters/open-store';
import { systemClock } from '../../shared/ports';
import { dollars, percentChange } from '../../shared/report/money';
import { previousWindow } from '../../shared/report/report-window';
import { changePct, type SpendLine } from '../../shared/report/spend-summary';
import { teamSpend } from '../../shared/report/team-spend';
import { runQueries } from '../../shared/sql/finops/run-queries';
import { usageDaysOf } from '../../shared/sql/finops/usage-days';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { openEngine } from './open-engine';
import { terminalSafe } from './safe-text';
import type { SpendOptions } from './spend-command';

/** How far back `--since` reaches, in whole UTC days (the lake's partitions are days). */
function sinceDays(since: string): number {
  const m = /^(\d+)(h|d)$/.exec(since);
  if (!m) throw new UsageError(`--since must look like 24h or 7d, got '${since}'`);
  const n = Number(m[1]);
  const days = m[2] === 'h' ? Math.ceil(n / 24) : n;
  if (days < 1 || days > 366) throw new UsageError(`--since must be between 1h and 366d, got '${since}'`);
  return days;
}

const row = (l: SpendLine): string =>
  `  ${terminalSafe(l.key).padEnd(44)} ${dollars(l.cents).padStart(12)}  ${percentChange(changePct(l.cents, l.previousCents)).padStart(8)}${l.estimated ? '  estimate' : ''}`;

/** `genai-finops spend --team T`: the team's spend by model, feature and environment against the period before. */
export async function runSpend(opts: SpendOptions): Promise<void> {
  if (!['table', 'json'].includes(opts.format))
    throw new UsageError(`--format must be table or json, got '${opts.format}'`);
  const days = sinceDays(opts.since);
  const config = loadConfig(opts.config);
  const storeLocation = opts.store ?? config.ingest.store;
  if (!storeLocation) throw new UsageError('--store is required (or set ingest.store in the config)');
  const now = systemClock.now().getTime();
  const window = {
    from: new Date(now - (days - 1) * 86_400_000).toISOString().slice(0, 10),
    to: new Date(now).toISOString().slice(0, 10),
  };
  const engineName = opts.engine ?? (storeLocation.startsWith('s3://') ? 'athena' : 'duckdb');
  const engine = await openEngine(storeLocation, engineName, opts.config, 'lake');
  try {
    const values = { unattributed: config.attribution.unattributed };
    if (process.stderr.isTTY) process.stderr.write(`querying ${window.from} .. ${window.to} …`);
    const usageDays = usageDaysOf(openStore(storeLocation));
    const current = await runQueries(engine, ['allocation'], { ...values, ...window }, usageDays);
    const previous = await runQueries(
      engine,
      ['allocation'],
      { ...values, ...previousWindow(window) },
      usageDays,
    );
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const first = (r: typeof current) => (r.results[0] as (typeof r.results)[number]).result;
    const { spend } = teamSpend(first(current), first(previous), opts.team);
    if (opts.format === 'json') {
      process.stdout.write(
        `${exactJson({
          team: opts.team,
          window,
          billedCost: dollars(spend.totalCents).replace(/[$,]/g, ''),
          previousBilledCost: dollars(spend.previousTotalCents).replace(/[$,]/g, ''),
          changePct: spend.changePct,
          estimated: spend.estimated,
          byModel: spend.byModel.map((l) => ({ model: l.key, cents: l.cents })),
          byFeature: spend.byFeature.map((l) => ({ feature: l.key, cents: l.cents })),
        })}\n`,
      );
      return;
    }
    const say = (s = '') => process.stdout.write(`${s}\n`);
    say(
      `${terminalSafe(opts.team)}: ${dollars(spend.totalCents)}${spend.estimated ? ' (estimate)' : ''} on UTC days ${window.from} .. ${window.to}`,
    );
    say(
      `  ${percentChange(spend.changePct)} against ${dollars(spend.previousTotalCents)} in the ${days} days before`,
    );
    if (spend.byModel.length === 0) {
      say('  no spend in this period');
      return;
    }
    say('By model:');
    for (const l of spend.byModel) say(row(l));
    say('By feature:');
    for (const l of spend.byFeature) say(row(l));
    say('By environment:');
    for (const l of spend.byEnvironment) say(row(l));
  } finally {
    await engine.close();
  }
}
