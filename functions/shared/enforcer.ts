import type { IAMClient } from '@aws-sdk/client-iam';
import { AwsIamEnforcer } from '../../shared/adapters/aws/iam-enforcer';
import { DryRunEnforcer } from '../../shared/adapters/local/dry-run-enforcer';
import type { EnforcementConfig } from '../../shared/config/guardrails-schema';
import type { IamEnforcer } from '../../shared/ports/iam-enforcer';

/** IAM only when enforcement is enabled; otherwise the dry-run enforcer, which calls nothing. */
export function enforcerFor(enforcement: EnforcementConfig, iam: IAMClient): IamEnforcer {
  return enforcement.enabled ? new AwsIamEnforcer(iam) : new DryRunEnforcer();
}
