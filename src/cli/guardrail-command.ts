import { IAMClient } from '@aws-sdk/client-iam';
import type { Command } from 'commander';
import { AwsIamEnforcer } from '../../shared/adapters/aws/iam-enforcer';
import { DryRunEnforcer } from '../../shared/adapters/local/dry-run-enforcer';
import { openStore } from '../../shared/adapters/open-store';
import { releaseDeny } from '../../shared/guardrails/enforce';
import { forgetDenied, listDenied } from '../../shared/guardrails/run-guardrails';
import { loadConfig } from './config-file';
import { UsageError } from './errors';
import { terminalSafe } from './safe-text';

interface ReleaseOptions {
  environment?: string;
  team?: string;
  dryRun?: boolean;
  store?: string;
  config?: string;
}

/** `genai-finops guardrail release <role>`: removes the product's deny policy from a role now. */
export function registerGuardrail(program: Command): void {
  const guardrail = program.command('guardrail').description('Guardrail enforcement: release <role>.');
  guardrail
    .command('release <role>')
    .description(
      "Remove the genai-finops deny policy from an IAM role (only a tagged role in an opted-in environment; only the product's own policy). With --dry-run, or enforcement.dryRun in the config, prints what it would do and calls nothing.",
    )
    .option('--environment <env>', "the role's environment (default: as recorded when it was denied)")
    .option('--team <team>', "the role's team, for the log line")
    .option('--dry-run', 'print what would be done; call nothing')
    .option('--store <location>', 'folder or s3://bucket/prefix (default: ingest.store)')
    .option('--config <file>', 'configuration file')
    .action(async (role: string, opts: ReleaseOptions) => {
      const config = loadConfig(opts.config);
      const location = opts.store ?? config.ingest.store;
      if (!location) throw new UsageError('--store is required (or set ingest.store in the config)');
      const store = openStore(location);
      const recorded = (await listDenied(store))[role];
      const environment = opts.environment ?? recorded?.environment;
      if (!environment) throw new UsageError(`role ${role} is not recorded as denied: give --environment`);
      const local = !location.startsWith('s3://');
      const dryRun = opts.dryRun === true || config.guardrails.enforcement.dryRun || local;
      const enforcer = local ? new DryRunEnforcer() : new AwsIamEnforcer(new IAMClient({}));
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
    });
}
