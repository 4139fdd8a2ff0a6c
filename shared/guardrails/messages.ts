import type { OutboundMessage } from '../ports/notifier';
import { microsText } from '../recommend/micros';
import { percentText, usd } from './budget-money';
import type { BudgetCrossing } from './crossings';
import type { EnforcementAction } from './enforce';
import type { Violation } from './model-policy';

/** A budget crossing as the message the team receives (once per threshold per period). */
export function budgetMessage(c: BudgetCrossing): OutboundMessage {
  const s = c.status;
  const what = c.threshold !== undefined ? `reached ${c.threshold}%` : 'forecast to overrun';
  const text = [
    `Budget ${s.budget} (${s.period.kind} ${s.period.key}) ${what}.`,
    `Spent ${usd(s.spent)} of ${usd(s.amount)} (${percentText(s.spent, s.amount)}%)${s.estimated ? ', partly estimated from tokens x list prices' : ''}.`,
    `Forecast for the period (estimate): ${usd(s.forecast.total)} (${percentText(s.forecast.total, s.amount)}%); ${s.daysLeft.toFixed(1)} days left.`,
    `See: genai-finops budget status${s.team ? ` --team ${s.team}` : ''}`,
  ].join('\n');
  return {
    subject: `genai-finops budget ${s.budget} ${what} (${usd(s.spent)} of ${usd(s.amount)})`,
    text,
    json: {
      kind: 'budget',
      budget: s.budget,
      period: s.period.kind,
      periodKey: s.period.key,
      threshold: c.threshold ?? null,
      crossed: c.newlyCrossed,
      forecastOver: c.forecastOver,
      // Money as exact decimal text (dollars, 6 decimals): a JSON number would be read as a float.
      spent: microsText(s.spent),
      amount: microsText(s.amount),
      forecast: microsText(s.forecast.total),
      estimated: s.estimated,
    },
    attributes: {
      kind: 'budget',
      severity: (c.threshold ?? 0) >= 100 ? 'high' : 'medium',
      ...(s.team ? { team: s.team } : {}),
      ...(s.environment ? { environment: s.environment } : {}),
    },
  };
}

/** A policy violation: caller, model, count and cost. */
export function violationMessage(v: Violation): OutboundMessage {
  const why = v.verdict === 'disallowed' ? 'is not allowed' : 'needs an approval';
  return {
    subject: `genai-finops policy violation: ${v.model} in ${v.environment} (${v.team})`,
    text: [
      `${v.model} ${why} in ${v.environment}.`,
      `Caller ${v.identity || '(not logged)'}, team ${v.team}, feature ${v.feature}: ${v.invocations} calls on ${v.day}, ${v.cost === null ? 'unpriced' : `${usd(v.cost)} estimated`}.`,
      `Approve with: genai-finops approve --team ${v.team} --feature ${v.feature} --model ${v.model} --until DAY --by NAME --reason WHY`,
    ].join('\n'),
    json: { kind: 'policy-violation', ...v, cost: v.cost === null ? null : microsText(v.cost) },
    attributes: { kind: 'policy-violation', severity: 'medium', team: v.team, environment: v.environment },
  };
}

/** An enforcement action (attach, release, or what a dry run would do). */
export function enforcementMessage(a: EnforcementAction): OutboundMessage {
  return {
    subject: `genai-finops enforcement: ${a.action} on role ${a.roleName}`,
    text: `${a.action} deny policy on role ${a.roleName} (${a.environment}, ${a.team}): ${a.reason}${a.detail ? `\n${a.detail}` : ''}`,
    json: { kind: 'enforcement', ...a },
    attributes: { kind: 'enforcement', severity: 'high', team: a.team, environment: a.environment },
  };
}
