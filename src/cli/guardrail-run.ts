import { DryRunEnforcer } from '../../shared/adapters/local/dry-run-enforcer';
import { openStore } from '../../shared/adapters/open-store';
import { releaseDeny } from '../../shared/guardrails/enforce';
import { forgetDenied, listDenied } from '../../shared/guardrails/run-guardrails';
import type { IamEnforcer } from '../../shared/ports/iam-enforcer';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import type { GuardrailReleaseOptions } from './guardrail-command';
import { terminalSafe } from './safe-text';

/** IAM for an s3:// store; the AWS SDK is imported only then, so a local (dry) run never loads it. */
async function iamEnforcer(): Promise<IamEnforcer> {
  const { IAMClient } = await import('@aws-sdk/client-iam');
  const { AwsIamEnforcer } = await import('../../shared/adapters/aws/iam-enforcer');
  return new AwsIamEnforcer(new IAMClient({}));
}

/** `genai-finops guardrail release <role>`: the product's deny policy removed from the role (or, dry, what would be). */
export async function releaseRole(role: string, opts: GuardrailReleaseOptions): Promise<void> {
  const config = loadConfig(opts.config);
  const location = opts.store ?? config.ingest.store;
  if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
  const store = openStore(location);
  const recorded = (await listDenied(store))[role];
  const environment = opts.environment ?? recorded?.environment;
  if (!environment) throw new UsageError(`role ${role} is not recorded as denied: give --environment`);
  const local = !location.startsWith('s3://');
  const dryRun = opts.dryRun === true || config.guardrails.enforcement.dryRun || local;
  const enforcer = local ? new DryRunEnforcer() : await iamEnforcer();
  const action = await releaseDeny(
    enforcer,
    config.guardrails.enforcement,
    { roleName: role, environment, team: opts.team ?? recorded?.team ?? '', reason: 'released by hand' },
    dryRun,
  );
  if (action.action === 'released' || action.action === 'not-attached') await forgetDenied(store, role);
  process.stdout.write(
    `${terminalSafe(`${action.action}: role ${role} (${environment})${action.detail ? ` — ${action.detail}` : ''}`)}\n`,
  );
}
