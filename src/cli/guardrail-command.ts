import type { Command } from 'commander';

export interface GuardrailReleaseOptions {
  environment?: string;
  team?: string;
  dryRun?: boolean;
  store?: string;
  config?: string;
}

/** `genai-finops guardrail release <role>`: removes the product's deny policy from a role now (IAM loads when it runs). */
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
    .action(async (role: string, opts: GuardrailReleaseOptions) =>
      (await import('./guardrail-run')).releaseRole(role, opts),
    );
}
