import { atOrOver, configMicros, percentText, usd } from '../../shared/guardrails/budget-money';
import type { BudgetStatus } from '../../shared/guardrails/budget-status';
import { budgetStatuses } from '../../shared/guardrails/run-guardrails';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { dollarsText, microsText } from '../../shared/recommend/micros';
import { type BudgetStatusOptions, OVER_BUDGET_EXIT } from './budget-command';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { openEngine } from './open-engine';
import { parseTime } from './parse-time';
import { terminalSafe } from './safe-text';

/**
 * A JSON number whose literal is exactly `text` (exact decimal text, rounded in integers first): a
 * decimal of up to 15 significant digits comes back unchanged from a double's shortest form.
 */
const exactNumber = (text: string): number => Number(text);

function table(statuses: readonly BudgetStatus[]): string {
  const head = `${'budget'.padEnd(24)} ${'period'.padEnd(10)} ${'spent'.padStart(12)} ${'amount'.padStart(12)} ${'share'.padStart(6)} ${'forecast'.padStart(12)} ${'fcst'.padStart(6)} ${'days left'.padStart(9)}`;
  const lines = statuses.map(
    (s) =>
      `${terminalSafe(s.budget).padEnd(24)} ${s.period.key.padEnd(10)} ${usd(s.spent).padStart(12)} ${usd(s.amount).padStart(12)} ${`${percentText(s.spent, s.amount)}%`.padStart(6)} ${usd(s.forecast.total).padStart(12)} ${`${percentText(s.forecast.total, s.amount)}%`.padStart(6)} ${s.daysLeft.toFixed(1).padStart(9)}${s.estimated ? '  estimate' : ''}${s.unpricedCalls ? `  +${s.unpricedCalls} calls unpriced` : ''}`,
  );
  return [head, ...lines].join('\n');
}

/** `--fail-over` as exact units of 1e-6 percent (compared in integers) and as it prints. */
function failOverPercent(text: string): { micros: bigint; text: string } {
  const value = Number(text);
  let micros: bigint | undefined;
  try {
    micros = value > 0 ? configMicros(value, '--fail-over') : undefined;
  } catch {
    micros = undefined;
  }
  if (micros === undefined)
    throw new UsageError(`--fail-over must be a positive percentage (at most 6 decimals), got '${text}'`);
  return { micros, text: String(value) };
}

/** `genai-finops budget status`: each budget as a table or JSON; exit status OVER_BUDGET_EXIT past `--fail-over`. */
export async function runBudgetStatus(opts: BudgetStatusOptions): Promise<void> {
  if (!['table', 'json'].includes(opts.format))
    throw new UsageError(`--format must be table or json, got '${opts.format}'`);
  const failOver = opts.failOver === undefined ? undefined : failOverPercent(opts.failOver);
  const config = loadConfig(opts.config);
  const location = opts.store ?? config.ingest.store;
  if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
  const at = opts.at ? parseTime(opts.at, '--at') : systemClock.now();
  const engineName = opts.engine ?? (location.startsWith('s3://') ? 'athena' : 'duckdb');
  const engine = await openEngine(location, engineName, opts.config, 'lake');
  try {
    const tally = { queries: 0, bytesScanned: 0 };
    const { statuses } = await budgetStatuses(
      { engine, priceBook: shippedPriceBook() },
      {
        config: config.guardrails,
        at,
        unattributed: config.attribution.unattributed,
        ...(opts.team !== undefined ? { team: opts.team } : {}),
      },
      tally,
    );
    const over =
      failOver === undefined ? [] : statuses.filter((s) => atOrOver(s.spent, s.amount, failOver.micros));
    if (opts.format === 'json') {
      const round = (n: number) => Math.round(n * 100) / 100;
      process.stdout.write(
        `${JSON.stringify({
          at: at.toISOString(),
          budgets: statuses.map((s) => ({
            budget: s.budget,
            period: s.period.kind,
            periodKey: s.period.key,
            amount: exactNumber(microsText(s.amount)),
            spent: exactNumber(dollarsText(s.spent)),
            sharePct: exactNumber(percentText(s.spent, s.amount, 2)),
            forecast: exactNumber(dollarsText(s.forecast.total)),
            forecastPct: exactNumber(percentText(s.forecast.total, s.amount, 2)),
            daysLeft: round(s.daysLeft),
            estimated: s.estimated,
            unpricedCalls: s.unpricedCalls,
          })),
          over: over.map((s) => s.budget),
        })}\n`,
      );
    } else if (statuses.length === 0) {
      process.stdout.write('no budgets configured (guardrails.budgets)\n');
    } else {
      process.stdout.write(`${table(statuses)}\n`);
      if (over.length)
        process.stdout.write(
          `over ${failOver?.text}%: ${[...new Set(over.map((s) => terminalSafe(s.budget)))].join(', ')}\n`,
        );
    }
    if (over.length) process.exitCode = OVER_BUDGET_EXIT;
  } finally {
    await engine.close();
  }
}
