import type { QueryTally } from '../anomaly/sql';
import { readState, updateState } from '../anomaly/state-object';
import { UnitPrices } from '../anomaly/unit-prices';
import type { GuardrailsConfig } from '../config/guardrails-schema';
import type { IamEnforcer } from '../ports/iam-enforcer';
import type { Notifier, OutboundMessage } from '../ports/notifier';
import type { ObjectStore } from '../ports/object-store';
import type { QueryEngine } from '../ports/query-engine';
import type { PriceRow } from '../pricing/price-row';
import { runQueries } from '../sql/finops/run-queries';
import { listApprovals } from './approvals';
import { type BudgetStatus, budgetActive, budgetStatus, inScope } from './budget-status';
import { type BudgetCrossing, claimCrossings } from './crossings';
import { roleNameOf } from './deny-policy';
import { attachDenies, type EnforcementAction, type EnforcementTarget, releaseDeny } from './enforce';
import { type IdentityCalls, identityUsage } from './identity-usage';
import { budgetMessage, enforcementMessage, violationMessage } from './messages';
import { findViolations, priceTier, type Violation } from './model-policy';
import { addDays, dayOf, dayStart, periodAt } from './period';
import { fillPriceGaps, hasPriceGaps } from './price-gaps';
import { type SpendRow, spendFromAllocation } from './spend-rows';

/** Where the violations already alerted each day are kept. */
export const VIOLATION_STATE_ROOT = '_state/guardrails/violations';
/** The roles the product has denied and when each is released. */
export const ENFORCEMENT_KEY = '_state/guardrails/enforcement.json';

export interface GuardrailDeps {
  store: ObjectStore;
  engine: QueryEngine;
  priceBook: readonly PriceRow[];
  notifier?: Notifier;
  enforcer?: IamEnforcer;
}

export interface GuardrailOptions {
  config: GuardrailsConfig;
  at: Date;
  unattributed: string;
  /** Only this team's budgets. */
  team?: string;
}

/** The window the statuses read: the month so far and the 28 days before its first day (the forecast's history). */
function readWindow(at: number): { from: string; to: string } {
  const monthStart = dayOf(periodAt('monthly', at).start);
  return { from: addDays(monthStart, -28), to: dayOf(at) };
}

const identityRows = (calls: readonly IdentityCalls[]): SpendRow[] =>
  calls.map((c) => ({ ...c, estimated: true }));

/** Every budget's status at `at`: the spend the status command prints and guardrails alert on. */
export async function budgetStatuses(
  deps: Pick<GuardrailDeps, 'engine' | 'priceBook'>,
  options: GuardrailOptions,
  tally: QueryTally,
  wantIdentities = false,
): Promise<{ statuses: BudgetStatus[]; calls: IdentityCalls[] }> {
  const at = options.at.getTime();
  const window = readWindow(at);
  const budgets = options.config.budgets.filter(
    (b) => budgetActive(b, at) && (options.team === undefined || b.team === options.team),
  );
  const run = await runQueries(deps.engine, ['guardrailAllocation'], {
    ...window,
    unattributed: options.unattributed,
  });
  tally.queries++;
  tally.bytesScanned += run.bytesScanned;
  const allocated = spendFromAllocation(run.results[0]?.result.rows ?? []);
  const calls =
    wantIdentities || budgets.some((b) => b.identity !== undefined) || hasPriceGaps(allocated)
      ? await identityUsage(deps.engine, tally, window, deps.priceBook)
      : [];
  // Hours after the bill are estimated at the store's prices; without them, at the price book's.
  const allocation = fillPriceGaps(allocated, calls);
  const statuses = budgets.flatMap((b) =>
    budgetStatus(b, b.identity !== undefined ? identityRows(calls) : allocation, at, options.config.alertAt),
  );
  return { statuses, calls };
}

/** What one guardrails run found and did. */
export interface GuardrailRun {
  statuses: BudgetStatus[];
  crossings: BudgetCrossing[];
  violations: Violation[];
  actions: EnforcementAction[];
  messages: OutboundMessage[];
  queries: number;
  bytesScanned: number;
}

/** Claims each violation key once per day (conditional write); returns the ones not alerted before. */
async function claimViolations(store: ObjectStore, violations: readonly Violation[]): Promise<Violation[]> {
  const fresh: Violation[] = [];
  const byDay = new Map<string, Violation[]>();
  for (const v of violations) byDay.set(v.day, [...(byDay.get(v.day) ?? []), v]);
  for (const [day, list] of byDay) {
    let claimed: Violation[] = [];
    await updateState<{ keys: string[] }>(store, `${VIOLATION_STATE_ROOT}/${day}.json`, (current) => {
      const keys = new Set(current?.keys ?? []);
      claimed = list.filter((v) => !keys.has(violationKey(v)));
      if (claimed.length === 0) return undefined;
      for (const v of claimed) keys.add(violationKey(v));
      return { keys: [...keys].sort() };
    });
    fresh.push(...claimed);
  }
  return fresh;
}

const violationKey = (v: Violation) => [v.identity, v.model, v.team, v.feature, v.environment].join('|');

interface DeniedRole {
  environment: string;
  team: string;
  reason: string;
  releaseAt: string;
}

/**
 * One guardrails run: budget statuses, each threshold crossed alerted once per period, model
 * policy violations of yesterday and today alerted once per caller × model per day, the deny policy
 * attached (or, in a dry run, described) for exhausted budgets and violations in opted-in
 * environments, and denies whose period has ended released.
 */
export async function runGuardrails(deps: GuardrailDeps, options: GuardrailOptions): Promise<GuardrailRun> {
  const tally: QueryTally = { queries: 0, bytesScanned: 0 };
  const { config } = options;
  const at = options.at.getTime();
  const { statuses, calls } = await budgetStatuses(deps, options, tally, true);
  const crossings = await claimCrossings(deps.store, statuses);
  const approvals = await listApprovals(deps.store);
  const recent = calls.filter((c) => c.day >= addDays(dayOf(at), -1));
  // The book's own output price per 1M tokens (its decimal text), not a per-token float scaled back up.
  const tier = (c: IdentityCalls) => {
    const output = new UnitPrices(deps.priceBook, c.day).tokenPriceTexts(c.model, c.region)?.output;
    return priceTier(output === undefined ? undefined : Number(output), config.priceTiers);
  };
  const violations = await claimViolations(
    deps.store,
    findViolations(recent, config.modelPolicy, tier, approvals),
  );

  const targets: EnforcementTarget[] = [];
  const releaseAt = new Map<string, string>();
  for (const c of crossings.filter((x) => x.newlyCrossed.includes(100) || (x.threshold ?? 0) >= 100)) {
    const budget = config.budgets.find((b) => b.name === c.status.budget);
    if (!budget) continue;
    for (const call of calls) {
      const t = dayStart(call.day);
      if (
        t < c.status.period.start ||
        t >= c.status.period.end ||
        !inScope(budget, { ...call, estimated: true })
      )
        continue;
      const roleName = roleNameOf(call.identity);
      if (!roleName) continue;
      targets.push({
        roleName,
        environment: call.environment,
        team: call.team,
        reason: `budget ${budget.name} exhausted (${c.status.period.key})`,
      });
      releaseAt.set(roleName, new Date(c.status.period.end).toISOString());
    }
  }
  for (const v of violations) {
    const roleName = roleNameOf(v.identity);
    if (!roleName) continue;
    targets.push({
      roleName,
      environment: v.environment,
      team: v.team,
      reason: `${v.verdict} model ${v.model}`,
    });
    if (!releaseAt.has(roleName))
      releaseAt.set(roleName, new Date(dayStart(addDays(v.day, 1))).toISOString());
  }
  const enforcer = deps.enforcer;
  const dryRun = config.enforcement.dryRun || enforcer === undefined;
  const noop: IamEnforcer = {
    roleTags: async () => undefined,
    getInlinePolicy: async () => undefined,
    putInlinePolicy: async () => {},
    deleteInlinePolicy: async () => false,
  };
  const actions = await attachDenies(enforcer ?? noop, config.enforcement, targets, dryRun);
  if (!dryRun && enforcer) {
    const attached = actions.filter((a) => a.action === 'attached');
    await updateState<{ roles: Record<string, DeniedRole> }>(deps.store, ENFORCEMENT_KEY, (current) => {
      const roles = { ...(current?.roles ?? {}) };
      const due = Object.entries(roles).filter(([, r]) => Date.parse(r.releaseAt) <= at);
      if (attached.length === 0 && due.length === 0) return undefined;
      for (const a of attached)
        roles[a.roleName] = {
          environment: a.environment,
          team: a.team,
          reason: a.reason,
          releaseAt: releaseAt.get(a.roleName) ?? new Date(at + 86_400_000).toISOString(),
        };
      return { roles };
    });
    const state = await listDenied(deps.store);
    for (const [roleName, r] of Object.entries(state)) {
      if (Date.parse(r.releaseAt) > at) continue;
      const released = await releaseDeny(
        enforcer,
        config.enforcement,
        { roleName, ...r, reason: `${r.reason}: period over` },
        false,
      );
      actions.push(released);
      await forgetDenied(deps.store, roleName);
    }
  }
  const messages = [
    ...crossings.map(budgetMessage),
    ...violations.map(violationMessage),
    ...actions.filter((a) => a.action !== 'already-attached').map(enforcementMessage),
  ];
  if (deps.notifier) for (const m of messages) await deps.notifier.publish(m);
  return { statuses, crossings, violations, actions, messages, ...tally };
}

/** The roles currently denied by the product (from its state). */
export async function listDenied(store: ObjectStore): Promise<Record<string, DeniedRole>> {
  return (await readState<{ roles: Record<string, DeniedRole> }>(store, ENFORCEMENT_KEY))?.value.roles ?? {};
}

/** Drops a role from the denied list (after release). */
export async function forgetDenied(store: ObjectStore, roleName: string): Promise<void> {
  await updateState<{ roles: Record<string, DeniedRole> }>(store, ENFORCEMENT_KEY, (current) => {
    if (!current?.roles[roleName]) return undefined;
    const { [roleName]: _gone, ...roles } = current.roles;
    return { roles };
  });
}
