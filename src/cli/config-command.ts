import type { Command } from 'commander';
// From its own file: shared/config's index would load the schema (zod) for the help alone.
import { DEFAULT_CONFIG_FILE } from '../../shared/config/default-file';

/**
 * `genai-finops config check [FILE]`: validates a configuration file with the one schema the CDK
 * app and the functions use, and prints the effective configuration (every default filled in) as
 * JSON. An invalid value is an `InvalidConfigError` naming its key, which `main` reports with exit 2.
 */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('Work with the configuration file.');
  config
    .command('check')
    .description(
      `Validate a configuration file (default: ./${DEFAULT_CONFIG_FILE} if present, else the defaults) and print the effective configuration as JSON.`,
    )
    .argument('[file]', 'the JSON configuration file')
    .action(async (file: string | undefined) => (await import('./config-run')).checkConfig(file));
}
