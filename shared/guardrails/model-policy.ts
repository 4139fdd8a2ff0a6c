import type { ModelPolicy, PriceTier } from '../config/guardrails-schema';
import type { Approval } from './approvals';
import { covers } from './approvals';
import type { IdentityCalls } from './identity-usage';
import { globMatch } from './match';

const TIER_ORDER: readonly PriceTier[] = ['small', 'medium', 'large'];

/** The price tier of a list output price (dollars per 1M tokens); an unpriced model is `large`. */
export function priceTier(
  outputPerMillion: number | undefined,
  bounds: { small: number; medium: number },
): PriceTier {
  if (outputPerMillion === undefined || !Number.isFinite(outputPerMillion)) return 'large';
  if (outputPerMillion <= bounds.small) return 'small';
  return outputPerMillion <= bounds.medium ? 'medium' : 'large';
}

/** What a policy says of one model: allowed, disallowed, or allowed only with an approval. */
export type PolicyVerdict = 'allowed' | 'disallowed' | 'needs-approval';

/**
 * A policy's verdict on a model: allowed when it matches `allow` or is within `maxTier` (or the policy
 * restricts neither), then `needsApproval` overrides an allowed model.
 */
export function policyVerdict(policy: ModelPolicy, model: string, tier: PriceTier): PolicyVerdict {
  const restricted = policy.allow.length > 0 || policy.maxTier !== undefined;
  const allowed =
    !restricted ||
    policy.allow.some((p) => globMatch(p, model)) ||
    (policy.maxTier !== undefined && TIER_ORDER.indexOf(tier) <= TIER_ORDER.indexOf(policy.maxTier));
  if (!allowed) return 'disallowed';
  return policy.needsApproval.some((p) => globMatch(p, model)) ? 'needs-approval' : 'allowed';
}

/** Calls a policy forbids and no approval covers: one per day × identity × model × team × feature × environment. */
export interface Violation extends IdentityCalls {
  verdict: Exclude<PolicyVerdict, 'allowed'>;
}

/**
 * The policy violations among `calls`: a call in an environment with a policy, to a model the policy
 * disallows or reserves for approval, that no approval covers (an approval lifts either).
 */
export function findViolations(
  calls: readonly IdentityCalls[],
  policies: Readonly<Record<string, ModelPolicy>>,
  tierOf: (call: IdentityCalls) => PriceTier,
  approvals: readonly Approval[],
): Violation[] {
  const violations: Violation[] = [];
  for (const call of calls) {
    const policy = policies[call.environment];
    if (!policy) continue;
    const verdict = policyVerdict(policy, call.model, tierOf(call));
    if (verdict === 'allowed') continue;
    if (approvals.some((a) => covers(a, call))) continue;
    violations.push({ ...call, verdict });
  }
  return violations;
}
