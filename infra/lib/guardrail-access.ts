import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { EnforcementConfig } from '../../shared/config/guardrails-schema';
import { CURATED_PREFIX } from './buckets';
import { acknowledgeWildcardResource } from './nag-findings';

/** What the guardrails run inside the anomaly function needs: the lake and the enforcement settings. */
export interface GuardrailAccess {
  dataBucket: s3.IBucket;
  enforcement: EnforcementConfig;
}

/**
 * The guardrails' permissions on the anomaly function's role: writes of their own state
 * (`_state/guardrails/`, budget crossings and violations claimed once) on every deployment, and
 * only when `guardrails.enforcement.enabled` the IAM calls of the enforcer: read a role's tags,
 * read, put and delete the inline deny policy on roles carrying the configured tag, nothing else.
 */
export function grantGuardrailAccess(role: iam.IRole, access: GuardrailAccess): void {
  const state = access.dataBucket.arnForObjects(`${CURATED_PREFIX}/_state/guardrails/*`);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'WriteGuardrailState', actions: ['s3:PutObject'], resources: [state] }),
  );
  acknowledgeWildcardResource(
    role,
    state,
    'Budget crossings, violations claimed per day and enforced roles are objects named per budget and day under _state/guardrails/ only.',
  );
  const { enabled, roleTag } = access.enforcement;
  if (!enabled) return;
  const roles = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/*`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadRoleTags',
      actions: ['iam:ListRoleTags'],
      resources: [roles],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'EnforceOnTaggedRoles',
      actions: ['iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
      resources: [roles],
      conditions: { StringEquals: { [`aws:ResourceTag/${roleTag.key}`]: roleTag.value } },
    }),
  );
  acknowledgeWildcardResource(
    role,
    roles,
    `The roles to enforce on are named by the calls found at run time: reading tags is allowed on any role (the enforcer checks the tag first); writing the deny policy only on roles tagged ${roleTag.key}=${roleTag.value}.`,
  );
}
