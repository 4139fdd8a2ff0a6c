import { DryRunEnforcer } from '../../shared/adapters/local/dry-run-enforcer';
import { FileNotifier } from '../../shared/adapters/local/file-notifier';
import type { AlertDetail } from '../../shared/anomaly/incident';
import { getIncident } from '../../shared/anomaly/incident-store';
import { addRelease } from '../../shared/anomaly/releases';
import { runDetection } from '../../shared/anomaly/run-detection';
import type { BusinessMetric } from '../../shared/business/metrics-csv';
import { writeBusinessMetrics } from '../../shared/business/write-metrics';
import type { AppConfig, AppConfigInput } from '../../shared/config';
import { writeEvaluations } from '../../shared/evaluations/write-evaluations';
import { percentText, usd } from '../../shared/guardrails/budget-money';
import { runGuardrails } from '../../shared/guardrails/run-guardrails';
import type { ObjectStore, QueryEngine } from '../../shared/ports';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { RECOMMENDATION_KINDS } from '../../shared/recommend/recommendation';
import type { InjectedIncident } from '../demo';
import { demoApprovalRequest } from './demo-approval-request';
import { sentMessagesFile } from './local-store';
import { recommendationsOf } from './recommendations';

const money = (n: number) => (Math.abs(n) >= 100 ? `$${Math.round(n)}` : `$${n.toFixed(2)}`);
const hhmm = (ms: number | string) => new Date(ms).toISOString().slice(11, 16);

/** The injected spike's release, recorded as `genai-finops release add` does. */
export async function recordDemoReleases(store: ObjectStore, incidents: readonly InjectedIncident[]) {
  for (const i of incidents) {
    if (!i.release) continue;
    await addRelease(store, systemClock, {
      at: i.release.at,
      team: i.team,
      feature: i.feature,
      version: i.release.version,
      note: i.release.note,
    });
  }
}

/** The alert as one line: kind, team/feature, dollars so far and per day, the release it follows. */
export function alertLine(a: AlertDetail): string {
  const d = a.series.dimensions;
  const dims =
    a.kind === 'gpu-idle'
      ? [d.team, d.environment, d.resource_id, d.instance_type]
      : [d.team, d.feature, d.environment];
  const who = (d.threshold ? [`limit ${d.threshold}`, ...dims] : dims).filter(Boolean).join('/') || 'all';
  const dir = a.kind === 'usage' ? (a.direction === 'down' ? ' drop' : ' rise') : '';
  const release = a.release ? `, after release ${a.release.version} at ${hhmm(a.release.at)}` : '';
  const { extraCostSoFar: soFar, extraCostPerDay: perDay } = a.impact;
  const limit =
    a.detector === 'static-threshold'
      ? `${Math.round(a.observed).toLocaleString('en-US')} ${a.series.unit} per ${a.per ?? 'hour'} over the limit of ${Math.round(a.expected).toLocaleString('en-US')}, `
      : '';
  // A drop is spend that was not seen (logging stopped, or traffic did); a rise is extra spend.
  const dollars = a.impact.unpriced
    ? `cost not priced (${a.impact.unpriced})`
    : a.direction === 'down' && a.kind === 'usage'
      ? `${money(Math.abs(soFar))} of expected spend not seen so far`
      : `${money(soFar)} so far${perDay > 0 ? `, ${money(perDay)}/day` : ''}`;
  return `   [${a.severity}] ${a.kind}${dir} ${who} (${a.series.metric}) from ${hhmm(a.startedAt)}: ${limit}${dollars}${release}`;
}

/**
 * Production detection as the 15-minute schedule runs it: first at the end of the spike's first
 * quarter hour (the incident opens early), then just after the data's end; one line per incident
 * alerted, the early ones with the time they were first alerted.
 */
export async function demoDetect(
  store: ObjectStore,
  engine: QueryEngine,
  storeDir: string,
  at: Date,
  options: { earlyAt?: Date; thresholds?: AppConfig['anomaly']['thresholds'] } = {},
) {
  const deps = {
    store,
    engine,
    notifier: new FileNotifier(sentMessagesFile(storeDir), () => {}),
    clock: systemClock,
    priceBook: shippedPriceBook(),
  };
  const thresholds = options.thresholds ?? [];
  const early = options.earlyAt ? await runDetection(deps, { at: options.earlyAt, thresholds }) : undefined;
  const summary = await runDetection(deps, { at, thresholds });
  const earlyIds = new Set<string>();
  const lines: string[] = [];
  for (const a of early?.alerts ?? []) {
    if (a.event !== 'open' || earlyIds.has(a.incidentId)) continue;
    earlyIds.add(a.incidentId);
    // The incident as it stands now (the hourly series carried it on), first alerted early.
    const now = (await getIncident(store, a.incidentId)).alert;
    lines.push(
      a.per === 'quarter hour'
        ? `${alertLine(now)}; alerted at ${hhmm(early?.at ?? a.startedAt)}, from its first quarter hour`
        : alertLine(now),
    );
  }
  for (const a of summary.alerts) if (!earlyIds.has(a.incidentId)) lines.push(alertLine(a));
  return { summary, early, lines };
}

/** The demo's static threshold: research's tokens per hour, at a level its busiest hours pass. */
export function demoAnomalyConfig(invocationsPerHour: number): AppConfigInput['anomaly'] {
  return {
    thresholds: [{ name: 'research-tokens', team: 'research', maxTokensPerHour: 1200 * invocationsPerHour }],
  };
}

/** The demo's guardrails: a small budget for the dev experiment, a dev model policy, enforcement in dry run. */
export function demoGuardrailsConfig(runaway: InjectedIncident | undefined): AppConfigInput['guardrails'] {
  return {
    budgets: [
      ...(runaway
        ? [
            {
              name: `${runaway.team}-${runaway.environment}`,
              team: runaway.team,
              environment: runaway.environment,
              daily: 2,
            },
          ]
        : []),
      { name: 'support-prod', team: 'support', environment: 'prod', monthly: 5000 },
    ],
    modelPolicy: { dev: { maxTier: 'medium', needsApproval: [] } },
    // Sonnet's $15 per 1M output tokens is large here: dev may use Haiku and Nova, not Sonnet.
    priceTiers: { small: 2, medium: 10 },
    enforcement: { enabled: true, environments: ['dev'], dryRun: true },
  };
}

/** One approval (the research notebooks may use Sonnet in dev), requested by event and granted, then a guardrails run in dry run. */
export async function demoGuardrails(
  store: ObjectStore,
  engine: QueryEngine,
  storeDir: string,
  config: AppConfig,
  at: Date,
) {
  const notifier = new FileNotifier(sentMessagesFile(storeDir), () => {});
  const approvalLine = await demoApprovalRequest(store, notifier, at);
  const enforcer = new DryRunEnforcer();
  const run = await runGuardrails(
    { store, engine, priceBook: shippedPriceBook(), notifier, enforcer },
    { config: config.guardrails, at, unattributed: config.attribution.unattributed },
  );
  const lines: string[] = [approvalLine];
  for (const c of run.crossings) {
    if (c.newlyCrossed.length === 0) continue;
    const s = c.status;
    lines.push(
      `   budget ${s.budget}: ${usd(s.spent)} of ${usd(s.amount)} (${percentText(s.spent, s.amount)}%), crossed ${c.newlyCrossed.map((t) => `${t}%`).join(', ')}`,
    );
  }
  for (const v of run.violations.slice(0, 1))
    lines.push(`   violation: ${v.identity} called ${v.model} in ${v.environment} (${v.verdict})`);
  const put = enforcer.calls.find((c) => c.includes('would put'));
  for (const a of run.actions.filter((x) => x.action === 'would-attach').slice(0, 2))
    lines.push(`   dry run: would attach the deny policy to role ${a.roleName} (${a.reason})`);
  return { run, lines, put };
}

/** The quality bar the demo's ticket summaries must meet: evaluated models below it are not proposed. */
export const DEMO_QUALITY_BARS = { 'ticket-summary': { metric: 'accuracy', minScore: 0.9 } };

/**
 * What the demo's teams supply beside the logs: evaluation scores of the ticket-summary models, and
 * `outcomes` (the search team's accepted answers per day, falling while the feature's cost does not).
 */
export async function writeDemoOutcomesAndScores(
  store: ObjectStore,
  window: { from: string; to: string },
  outcomes: readonly BusinessMetric[],
) {
  await writeEvaluations(store, [
    {
      day: window.to,
      feature: 'ticket-summary',
      model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      metric: 'accuracy',
      score: 0.93,
    },
    {
      day: window.to,
      feature: 'ticket-summary',
      model: 'anthropic.claude-haiku-4-5-20251001-v1:0',
      metric: 'accuracy',
      score: 0.91,
    },
    {
      day: window.to,
      feature: 'ticket-summary',
      model: 'amazon.nova-pro-v1:0',
      metric: 'accuracy',
      score: 0.86,
    },
  ]);
  await writeBusinessMetrics(store, outcomes);
}

/** The largest recommendation of each kind (largest first), and the total saving over all of them. */
export async function demoRecommendations(
  engine: QueryEngine,
  config: AppConfig,
  window: { from: string; to: string },
) {
  const set = await recommendationsOf(engine, config, window);
  const kinds = new Map<string, number>();
  const best = set.recommendations.filter((r) => {
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    return kinds.get(r.kind) === 1;
  });
  const lines = best.map((r) => {
    const who = [r.team, r.feature || r.resource, r.environment].filter(Boolean).join('/');
    const more = (kinds.get(r.kind) ?? 1) > 1 ? ` (+${(kinds.get(r.kind) ?? 1) - 1} more)` : '';
    return `   ${usd(r.monthlySavingMicros)}/month  ${r.kind}${more} ${who}: ${r.action}`;
  });
  lines.push(
    `   total: ${usd(set.totalMicros)}/month (estimates) over ${set.recommendations.length} recommendations of ${kinds.size} of ${RECOMMENDATION_KINDS.length} kinds (genai-finops recommend --format csv for the evidence)`,
  );
  return lines;
}
