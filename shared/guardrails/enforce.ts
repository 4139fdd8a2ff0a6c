import type { EnforcementConfig } from '../config/guardrails-schema';
import type { IamEnforcer } from '../ports/iam-enforcer';
import { DENY_POLICY_NAME, denyPolicyDocument, isProductDeny } from './deny-policy';
import { EnforcementError } from './errors';

/** A role the guardrails want denied, and why. */
export interface EnforcementTarget {
  roleName: string;
  environment: string;
  team: string;
  /** `budget <name> exhausted` or `disallowed model <id>`. */
  reason: string;
}

/** What was done (or, in a dry run, would be) to one role. */
export interface EnforcementAction {
  roleName: string;
  environment: string;
  team: string;
  reason: string;
  action:
    | 'attached'
    | 'already-attached'
    | 'released'
    | 'not-attached'
    | 'would-attach'
    | 'would-release'
    | 'skipped';
  /** Why nothing was done, for `skipped`. */
  detail?: string;
}

/** Why a target may not be touched by configuration alone (before any IAM call), or undefined. */
function configBar(config: EnforcementConfig, environment: string): string | undefined {
  if (!config.enabled) return 'enforcement is off';
  if (!config.environments.includes(environment)) return `environment '${environment}' is not opted in`;
  return undefined;
}

async function tagBar(
  enforcer: IamEnforcer,
  config: EnforcementConfig,
  roleName: string,
): Promise<string | undefined> {
  const tags = await enforcer.roleTags(roleName);
  if (!tags) return 'no such role';
  if (tags[config.roleTag.key] !== config.roleTag.value)
    return `role lacks tag ${config.roleTag.key}=${config.roleTag.value}`;
  return undefined;
}

const wrap = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw new EnforcementError(`${what}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Attaches the product's deny policy to each target role that is in an opted-in environment and
 * carries the configured tag; a dry run makes no call at all and says what it would attach.
 * Re-attaching is a no-op. Every outcome, skips included, is returned for logging and alerting.
 */
export async function attachDenies(
  enforcer: IamEnforcer,
  config: EnforcementConfig,
  targets: readonly EnforcementTarget[],
  dryRun: boolean,
): Promise<EnforcementAction[]> {
  const actions: EnforcementAction[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.roleName)) continue;
    seen.add(target.roleName);
    const barred = configBar(config, target.environment);
    if (barred) {
      actions.push({ ...target, action: 'skipped', detail: barred });
      continue;
    }
    if (dryRun) {
      actions.push({
        ...target,
        action: 'would-attach',
        detail: `${DENY_POLICY_NAME}: ${denyPolicyDocument()}`,
      });
      continue;
    }
    const action = await wrap(`enforcing on role ${target.roleName}`, async () => {
      const untagged = await tagBar(enforcer, config, target.roleName);
      if (untagged) return { ...target, action: 'skipped' as const, detail: untagged };
      const current = await enforcer.getInlinePolicy(target.roleName, DENY_POLICY_NAME);
      if (current !== undefined && isProductDeny(current))
        return { ...target, action: 'already-attached' as const };
      if (current !== undefined)
        return {
          ...target,
          action: 'skipped' as const,
          detail: `a policy named ${DENY_POLICY_NAME} not written by genai-finops`,
        };
      await enforcer.putInlinePolicy(target.roleName, DENY_POLICY_NAME, denyPolicyDocument());
      return { ...target, action: 'attached' as const };
    });
    actions.push(action);
  }
  return actions;
}

/**
 * Removes the product's deny policy from a role, leaving the role as it was before. Only the
 * product's own document is removed, only on a tagged role in an opted-in environment.
 */
export async function releaseDeny(
  enforcer: IamEnforcer,
  config: EnforcementConfig,
  target: EnforcementTarget,
  dryRun: boolean,
): Promise<EnforcementAction> {
  const barred = configBar(config, target.environment);
  if (barred) return { ...target, action: 'skipped', detail: barred };
  if (dryRun) return { ...target, action: 'would-release', detail: DENY_POLICY_NAME };
  return wrap(`releasing role ${target.roleName}`, async () => {
    const untagged = await tagBar(enforcer, config, target.roleName);
    if (untagged) return { ...target, action: 'skipped' as const, detail: untagged };
    const current = await enforcer.getInlinePolicy(target.roleName, DENY_POLICY_NAME);
    if (current === undefined) return { ...target, action: 'not-attached' as const };
    if (!isProductDeny(current))
      return {
        ...target,
        action: 'skipped' as const,
        detail: `${DENY_POLICY_NAME} was not written by genai-finops`,
      };
    const removed = await enforcer.deleteInlinePolicy(target.roleName, DENY_POLICY_NAME);
    return { ...target, action: removed ? ('released' as const) : ('not-attached' as const) };
  });
}
