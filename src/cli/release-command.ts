import type { Command } from 'commander';
import { addRelease } from '../../shared/anomaly/releases';
import { systemClock } from '../../shared/ports';
import { UsageError } from './errors';
import { localStore } from './local-store';
import { parseTime } from './parse-time';

interface ReleaseOptions {
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
    .action(async (opts: ReleaseOptions) => {
      const { store } = localStore(opts.store);
      for (const [flag, value] of [
        ['--team', opts.team],
        ['--version', opts.version],
      ] as const) {
        if (value.trim() === '' || value.length > 256)
          throw new UsageError(`${flag} must be 1 to 256 characters`);
      }
      const at = opts.at ? parseTime(opts.at, '--at') : systemClock.now();
      await addRelease(store, systemClock, {
        at: at.getTime(),
        team: opts.team,
        ...(opts.feature ? { feature: opts.feature } : {}),
        version: opts.version,
        ...(opts.note ? { note: opts.note.slice(0, 2000) } : {}),
      });
      process.stdout.write(
        `release ${opts.team}${opts.feature ? `/${opts.feature}` : ''} ${opts.version} at ${at.toISOString()} recorded\n`,
      );
    });
}
