import type { Command } from 'commander';

export interface ReleaseOptions {
  store: string;
  team: string;
  feature?: string;
  version: string;
  note?: string;
  at?: string;
}

/** `genai-finops release add`: records a release marker in the `releases` table. */
export function registerRelease(program: Command): void {
  // `--version` after the command is the release's, not the program's (`genai-finops -V` still works).
  program.enablePositionalOptions();
  const release = program.command('release').description('Release markers that alerts correlate with.');
  release
    .command('add')
    .description('Record a release (time, team, feature, version, note) in the releases table.')
    .requiredOption('--store <folder>', 'the curated lake folder')
    .requiredOption('--team <team>', 'team, as in bedrock_invocations.team')
    .option('--feature <feature>', 'feature, as in bedrock_invocations.feature')
    .requiredOption('--version <version>', 'version, tag or commit')
    .option('--note <text>', 'what changed')
    .option('--at <time>', 'when it went out (ISO 8601), default now')
    .action(async (opts: ReleaseOptions) => (await import('./release-run')).addReleaseMarker(opts));
}
